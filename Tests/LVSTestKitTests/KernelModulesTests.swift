import LVSTestKit
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite struct KernelModulesTests {
    /// A module tree in a temporary directory: `files` under kernel/net/netfilter/ipvs and
    /// `builtin` as modules.builtin (none when nil).
    func tree(files: [String], builtin: String?) throws -> String {
        var template = Array("/tmp/lvskmodXXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        let root = String(cString: try #require(made, "mkdtemp: \(String(cString: strerror(errno)))"))
        var dir = root
        for part in ["kernel", "net", "netfilter", "ipvs"] {
            dir += "/" + part
            mkdir(dir, 0o755)
        }
        for file in files { close(creat("\(dir)/\(file)", 0o644)) }
        if let builtin {
            let fd = creat("\(root)/modules.builtin", 0o644)
            _ = builtin.withCString { write(fd, $0, strlen($0)) }
            close(fd)
        }
        return root
    }

    func remove(_ root: String) {
        _ = try? TestProcess.run("rm", ["-rf", root])
    }

    @Test func schedulersAreTheIPVSModulesButCoreAndHelpers() throws {
        let root = try tree(
            files: [
                "ip_vs.ko", "ip_vs_rr.ko", "ip_vs_wlc.ko.xz", "ip_vs_ftp.ko", "ip_vs_pe_sip.ko", "ip_vs_mh.ko.zst",
                "modules.order", "ip_vs_sh.kox",
            ],
            builtin: nil)
        defer { remove(root) }
        let modules = KernelModules(directory: root)
        #expect(try modules.ipvsSchedulerModules() == ["ip_vs_mh", "ip_vs_rr", "ip_vs_wlc"])
        #expect(try modules.ipvsSchedulers() == ["mh", "rr", "wlc"])
    }

    @Test func builtInSchedulersCount() throws {
        let root = try tree(
            files: ["ip_vs_rr.ko"],
            builtin:
                "kernel/net/netfilter/ipvs/ip_vs.ko\nkernel/net/netfilter/ipvs/ip_vs_wrr.ko\nkernel/fs/ext4/ext4.ko\n")
        defer { remove(root) }
        #expect(try KernelModules(directory: root).ipvsSchedulers() == ["rr", "wrr"])
    }

    @Test func aTreeWithoutIPVSIsAnErrorNamingIt() throws {
        let root = try tree(files: [], builtin: "kernel/fs/ext4/ext4.ko\n")
        defer { remove(root) }
        _ = try TestProcess.run("rm", ["-rf", root + "/kernel"])
        let error = try #require(throws: LabError.self) { try KernelModules(directory: root).ipvsSchedulers() }
        #expect(error.message.contains("\(root)/kernel/net/netfilter/ipvs"))
    }

    @Test func builtInAndLoadedModulesArePresent() throws {
        let root = try tree(
            files: [], builtin: "kernel/net/netfilter/ipvs/ip_vs.ko\nkernel/drivers/tty/serial/8250/8250.ko\n")
        defer { remove(root) }
        let loaded = root + "/modules.loaded"
        let fd = creat(loaded, 0o644)
        let text = "ip_vs_rr 16384 1 - Live 0x0000000000000000\nnf_conntrack 180224 1 ip_vs, Live 0x0000000000000000\n"
        _ = text.withCString { write(fd, $0, strlen($0)) }
        close(fd)
        let modules = KernelModules(directory: root, loadedModulesFile: loaded)
        #expect(try modules.isPresent("ip_vs"))
        #expect(try modules.isPresent("8250"))
        #expect(try modules.isPresent("ip_vs_rr"))
        #expect(try modules.isPresent("nf-conntrack"))
        #expect(try !modules.isPresent("ip_vs_wlc"))
        #expect(try !modules.isPresent("ip_vs_r"), "a prefix of a loaded name is not that module")
    }

    @Test func withoutModuleSupportNothingIsLoaded() throws {
        let root = try tree(files: [], builtin: nil)
        defer { remove(root) }
        let modules = KernelModules(directory: root, loadedModulesFile: root + "/no-such-file")
        #expect(try !modules.isPresent("ip_vs"))
    }

    @Test func releaseIsTheRunningKernels() throws {
        let uname = try TestProcess.run("uname", ["-r"]).output
        #expect(KernelModules.release + "\n" == uname)
    }
}
