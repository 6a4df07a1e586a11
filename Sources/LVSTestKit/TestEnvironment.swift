#if canImport(Glibc)
import Glibc
#endif

/// What the current test run may do, and where the built products are.
///
/// Layers that need privileges are switched on by `scripts/test`, which checks that they ran:
/// `LVSROUTER_HOST_TESTS=1` (root, network namespaces on this kernel) and
/// `LVSROUTER_KERNEL_TESTS=1` (inside the QEMU guest with IPVS).
public enum TestEnvironment {
    /// Whether the process runs as root.
    public static var isRoot: Bool { geteuid() == 0 }

    /// Whether host integration tests (root, namespaces) are switched on.
    public static var hostTestsEnabled: Bool { variable("LVSROUTER_HOST_TESTS") == "1" }

    /// Whether kernel tests (real IPVS in the guest) are switched on.
    public static var kernelTestsEnabled: Bool { variable("LVSROUTER_KERNEL_TESTS") == "1" }

    /// The value of an environment variable.
    public static func variable(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        return String(cString: value)
    }

    /// The build products directory (where `lvsadm`, `nanny`, … are): the test binary's own folder,
    /// or `LVSROUTER_PRODUCTS` when set.
    public static var productsDirectory: String {
        if let dir = variable("LVSROUTER_PRODUCTS") { return dir }
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return ".build/debug" }
        let path = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let slash = path.lastIndex(of: "/") else { return "." }
        var dir = String(path[..<slash])
        // SwiftPM may run tests from inside the .xctest bundle on some platforms.
        if dir.hasSuffix(".xctest") { dir = String(dir[..<dir.lastIndex(of: "/")!]) }
        return dir
    }

    /// The path of a built executable product, e.g. `product("lvsadm")`.
    public static func product(_ name: String) -> String { productsDirectory + "/" + name }

    /// The package's root directory (holding `Package.swift` and `scripts/`): the nearest
    /// ancestor of the products directory that has a `Package.swift`, or nil.
    public static var packageRoot: String? {
        var dir = productsDirectory
        while let slash = dir.lastIndex(of: "/"), !dir.isEmpty {
            dir = String(dir[..<slash])
            if access(dir + "/Package.swift", F_OK) == 0 && access(dir + "/scripts", F_OK) == 0 { return dir }
        }
        return nil
    }

    /// The path of one of the package's scripts, e.g. `script("vm")` for `scripts/vm`.
    public static func script(_ name: String) throws -> String {
        guard let root = packageRoot else {
            throw LabError("finding scripts/\(name): no package root above \(productsDirectory)")
        }
        return root + "/scripts/" + name
    }
}
