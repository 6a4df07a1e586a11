#if canImport(Glibc)
import Glibc
#endif

/// The module tree of a kernel (`/lib/modules/<release>`): which IPVS schedulers it has, and
/// which modules are loaded.
///
/// Kernel tests use it to cover every scheduler the kernel offers rather than a fixed list, since
/// the set changes between kernel versions (6.1 has no `ip_vs_twos`).
///
/// ```swift
/// let schedulers = try KernelModules.running.ipvsSchedulers()   // ["dh", "fo", "lblc", …]
/// ```
public struct KernelModules: Sendable {
    /// The module tree, e.g. `/lib/modules/6.1.0-56-amd64`.
    public let directory: String
    /// The list of loaded modules, `/proc/modules` format.
    public let loadedModulesFile: String

    /// The module tree at `directory` and the loaded-module list at `loadedModulesFile` (a test
    /// may point both at files of its own).
    public init(directory: String, loadedModulesFile: String = "/proc/modules") {
        self.directory = directory
        self.loadedModulesFile = loadedModulesFile
    }

    /// The module tree of the running kernel.
    public static var running: KernelModules {
        KernelModules(directory: "/lib/modules/\(release)")
    }

    /// The running kernel's release (`uname -r`).
    public static var release: String {
        var names = utsname()
        uname(&names)
        return withUnsafeBytes(of: &names.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }

    /// Where IPVS modules live inside the tree.
    static let ipvsSubdirectory = "kernel/net/netfilter/ipvs"
    /// Whether an `ip_vs*` module is not a scheduler: the core, the FTP helper, a persistence
    /// engine (`ip_vs_pe_sip`).
    static func isIPVSNonScheduler(_ name: String) -> Bool {
        name == "ip_vs" || name == "ip_vs_ftp" || name.hasPrefix("ip_vs_pe_")
    }

    /// The IPVS scheduler modules (`ip_vs_rr`, …), shipped as `.ko` files or built in, sorted.
    public func ipvsSchedulerModules() throws -> [String] {
        let ipvsDirectory = "\(directory)/\(KernelModules.ipvsSubdirectory)"
        var names = Set(try builtInModules(under: KernelModules.ipvsSubdirectory))
        if let files = try? KernelModules.entries(of: ipvsDirectory) {
            names.formUnion(files.compactMap(KernelModules.moduleName(fileName:)))
        } else if names.isEmpty {
            throw LabError(
                "listing the IPVS schedulers of \(directory): \(ipvsDirectory) is not readable and modules.builtin lists none"
            )
        }
        return names.filter { $0.hasPrefix("ip_vs_") && !KernelModules.isIPVSNonScheduler($0) }.sorted()
    }

    /// The scheduler names as `ipvsadm -s` takes them (`rr`, `wlc`, …), sorted.
    public func ipvsSchedulers() throws -> [String] {
        try ipvsSchedulerModules().map { String($0.dropFirst("ip_vs_".count)) }
    }

    /// Whether `module` is in the kernel: loaded (listed in `/proc/modules`) or built in.
    public func isPresent(_ module: String) throws -> Bool {
        let name = KernelModules.normalized(module)
        if try builtInModules(under: "").contains(name) { return true }
        // A kernel built without module support has no /proc/modules: nothing is loaded.
        guard access(loadedModulesFile, F_OK) == 0 else { return false }
        return KernelModules.loadedModules(procModules: try KernelModules.readText(loadedModulesFile)).contains(name)
    }

    /// Names of the modules `modules.builtin` lists under `subdirectory` of the tree.
    func builtInModules(under subdirectory: String) throws -> [String] {
        let path = "\(directory)/modules.builtin"
        guard access(path, F_OK) == 0 else { return [] }
        let prefix = subdirectory.isEmpty ? "" : subdirectory + "/"
        return try KernelModules.readText(path).split(separator: "\n").compactMap { line in
            guard line.hasPrefix(prefix) else { return nil }
            let file = line.split(separator: "/").last.map(String.init) ?? ""
            return KernelModules.moduleName(fileName: file)
        }
    }

    /// The module names in the text of `/proc/modules` (first word of each line).
    static func loadedModules(procModules text: String) -> Set<String> {
        Set(text.split(separator: "\n").compactMap { $0.split(separator: " ").first.map { normalized(String($0)) } })
    }

    /// `ip_vs_rr.ko`, `ip_vs_rr.ko.xz` → `ip_vs_rr`; anything else → nil.
    static func moduleName(fileName: String) -> String? {
        guard let range = fileName.firstRange(of: ".ko"), range.lowerBound > fileName.startIndex else { return nil }
        let rest = fileName[range.upperBound...]
        guard rest.isEmpty || rest.hasPrefix(".") else { return nil }
        return normalized(String(fileName[..<range.lowerBound]))
    }

    /// Module names treat `-` and `_` alike; the kernel reports `_`.
    static func normalized(_ name: String) -> String {
        String(name.map { $0 == "-" ? "_" : $0 })
    }

    static func entries(of directory: String) throws -> [String] {
        guard let handle = opendir(directory) else {
            throw LabError("listing \(directory): \(String(cString: strerror(errno)))")
        }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: &entry.pointee.d_name) {
                String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    static func readText(_ path: String) throws -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw LabError("reading \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw LabError("reading \(path): \(String(cString: strerror(errno)))") }
            if n == 0 { break }
            bytes += buffer[0..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
