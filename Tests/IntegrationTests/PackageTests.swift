#if canImport(Glibc)
import Glibc
#endif
import DaemonSupport
import Foundation
import LVSTestKit
import Testing

/// The Debian package that `scripts/package` built (the package layer of scripts/test passes its
/// path in LVSROUTER_PACKAGE): its contents and control data, lintian, and a life in a throwaway
/// root made of this machine's own: installed without lvs.cf, each program's --help, removed,
/// purged; then a previous version with lvs.cf and a running pulse, upgraded, removed and purged.
@Suite(
    .enabled(
        if: TestEnvironment.isRoot && TestEnvironment.variable("LVSROUTER_PACKAGE") != nil,
        "needs root and LVSROUTER_PACKAGE (the .deb scripts/package built; scripts/test's package layer)"),
    .serialized)
struct PackageTests {
    static let deb = TestEnvironment.variable("LVSROUTER_PACKAGE") ?? ""
    static let programs = ["pulse", "lvsd", "nanny", "fos", "send_arp", "lvsadm", "lvsctl", "lvsweb"]
    static let conffiles = ["/etc/init.d/lvsweb", "/etc/init.d/pulse", "/etc/sysconfig/lvsweb", "/etc/sysconfig/pulse"]

    static func shell(_ script: String, timeout: Duration = .seconds(300)) throws -> TestProcessResult {
        try TestProcess.run("/bin/sh", ["-ec", script], environment: ["LC_ALL": "C"], timeout: timeout)
    }

    /// The package's files (not directories), as absolute paths.
    static func files(of deb: String) throws -> [String] {
        let listing = try shell("dpkg-deb --fsys-tarfile '\(deb)' | tar -t --exclude='*/'")
        #expect(listing.exitCode == 0, "\(listing.error)")
        return listing.output.split(separator: "\n").map { String($0.dropFirst()) }.filter { !$0.hasSuffix("/") }
    }

    @Test func controlDataContentsAndBinaries() throws {
        let fields = try Self.shell("dpkg-deb -f '\(Self.deb)' Package Version Architecture Depends")
        #expect(fields.exitCode == 0, "\(fields.error)")
        #expect(fields.output.contains("Package: lvsrouter\n"))
        #expect(fields.output.contains("Version: \(SuiteVersion.number)\n"))
        #expect(fields.output.contains("Architecture: amd64\n"))
        // Depends comes from the programs' shared libraries, not from a list kept by hand.
        for library in ["libc6", "libnl-3-200", "libnl-genl-3-200", "libnl-route-3-200", "libssl3"] {
            #expect(fields.output.contains(library + " "), "Depends lacks \(library): \(fields.output)")
        }

        let listing = try Self.shell("dpkg-deb -c '\(Self.deb)'")
        #expect(listing.exitCode == 0, "\(listing.error)")
        let lines = listing.output.split(separator: "\n").map(String.init)
        for program in Self.programs {
            #expect(
                lines.contains { $0.hasPrefix("-rwxr-xr-x root/root") && $0.hasSuffix(" ./usr/sbin/\(program)") },
                "\(program) is not in /usr/sbin, mode 755, owned by root")
            #expect(
                lines.contains { $0.hasSuffix(" ./usr/share/man/man8/\(program).8.gz") }, "no man page for \(program)")
        }
        #expect(lines.contains { $0.hasSuffix(" ./usr/share/man/man5/lvs.cf.5.gz") })
        for path in [
            "./lib/systemd/system/pulse.service", "./lib/systemd/system/lvsweb.service", "./etc/init.d/pulse",
            "./usr/share/doc/lvsrouter/copyright", "./usr/share/doc/lvsrouter/changelog.gz",
            "./usr/share/doc/lvsrouter/examples/lvs.cf.nat", "./usr/share/doc/lvsrouter/docs/configuration.md",
        ] {
            #expect(lines.contains { $0.hasSuffix(" " + path) }, "\(path) is not in the package")
        }
        #expect(!lines.contains { $0.contains("etc/sysconfig/ha/lvs.cf") }, "the package must not carry lvs.cf")

        let conffiles = try Self.shell("dpkg-deb -I '\(Self.deb)' conffiles")
        #expect(conffiles.output.split(separator: "\n").map(String.init).sorted() == Self.conffiles)

        // Release programs, stripped, with the Swift runtime linked in.
        let unpacked = NSTemporaryDirectory() + "lvs-deb-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: unpacked) }
        #expect(try Self.shell("dpkg-deb -x '\(Self.deb)' '\(unpacked)'").exitCode == 0)
        for program in Self.programs {
            let path = unpacked + "/usr/sbin/" + program
            let dynamic = try Self.shell("readelf -d '\(path)'")
            #expect(dynamic.exitCode == 0 && dynamic.output.contains("(NEEDED)"), "\(program): \(dynamic.error)")
            #expect(!dynamic.output.contains("libswift"), "\(program) loads the Swift runtime from a toolchain")
            #expect(!dynamic.output.contains("libFoundation"), "\(program) loads Foundation from a toolchain")
            let sections = try Self.shell("readelf -S -W '\(path)'")
            #expect(!sections.output.contains(".symtab"), "\(program) is not stripped")
        }
    }

    @Test func lintianFindsNoErrors() throws {
        let lintian = try Self.shell(
            "lintian --fail-on error --tag-display-limit 0 '\(Self.deb)'", timeout: .seconds(600))
        #expect(lintian.exitCode == 0, "lintian: \(lintian.output)\(lintian.error)")
        #expect(!lintian.output.split(separator: "\n").contains { $0.hasPrefix("E: ") }, "\(lintian.output)")
    }

    @Test func manPagesRenderWithoutWarnings() throws {
        let unpacked = NSTemporaryDirectory() + "lvs-man-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: unpacked) }
        #expect(try Self.shell("dpkg-deb -x '\(Self.deb)' '\(unpacked)'").exitCode == 0)
        let pages = (Self.programs.map { "man8/\($0).8.gz" } + ["man5/lvs.cf.5.gz"]).map {
            unpacked + "/usr/share/man/" + $0
        }
        for page in pages {
            let lint = try Self.shell("mandoc -T lint -W warning '\(page)'; zcat '\(page)' | groff -ww -mandoc -z")
            #expect(
                lint.exitCode == 0 && lint.output.isEmpty && lint.error.isEmpty, "\(page): \(lint.output)\(lint.error)")
            let rendered = try Self.shell("man -l '\(page)' | col -b", timeout: .seconds(60))
            #expect(
                rendered.output.contains("NAME") && rendered.output.contains("DESCRIPTION"), "\(page) renders empty")
        }
    }

    @Test func installRunRemoveAndPurgeWithoutLVSConf() throws {
        let root = try ThrowawayRoot()
        defer { root.close() }
        let deb = try root.copyIn(Self.deb)
        try root.run(
            "rm -f /etc/sysconfig/ha/lvs.cf /etc/sysconfig/ha/lvsweb.passwd; dpkg --purge lvsrouter >/dev/null 2>&1 || true"
        )

        let install = try root.run("dpkg -i \(deb)")
        #expect(install.exitCode == 0, "dpkg -i: \(install.output)\(install.error)")
        #expect(install.output.contains("pulse is not enabled at boot: /etc/sysconfig/ha/lvs.cf does not exist yet"))
        // Registered but not enabled, and nothing started.
        #expect(try root.run("ls /etc/rc2.d/K*pulse /etc/rc0.d/K*pulse").exitCode == 0)
        #expect(try root.run("ls /etc/rc2.d/S*pulse").exitCode != 0)
        #expect(try !root.exists("/etc/systemd/system/multi-user.target.wants/pulse.service"))
        #expect(try !root.exists("/etc/systemd/system/multi-user.target.wants/lvsweb.service"))
        #expect(try !root.exists("/run/pulse/pulse.pid"))
        #expect(try root.exists("/etc/sysconfig/ha"))
        #expect(try !root.exists("/etc/sysconfig/ha/lvs.cf"))

        for program in Self.programs {
            let help = try root.run("/usr/sbin/\(program) --help")
            if program == "lvsadm" && access("/proc/net/ip_vs", F_OK) != 0 {
                // ipvsadm's behaviour: even --help first opens IPVS, which this kernel lacks.
                #expect(help.exitCode == 2 && help.error.contains("Can't initialize ipvs"), "lvsadm: \(help.error)")
            } else {
                #expect(help.exitCode == 0, "\(program) --help: \(help.error)")
                #expect(help.output.lowercased().contains("usage"), "\(program) --help: \(help.output)")
            }
            let manual = try root.run("man -w \(program)")
            #expect(manual.output.contains("/usr/share/man/man8/\(program).8.gz"), "man -w \(program): \(manual.error)")
        }
        #expect(try root.run("man -w 5 lvs.cf").output.contains("/usr/share/man/man5/lvs.cf.5.gz"))

        let files = try Self.files(of: Self.deb)
        #expect(files.count > 20)
        let remove = try root.run("dpkg -r lvsrouter")
        #expect(remove.exitCode == 0, "dpkg -r: \(remove.output)\(remove.error)")
        for file in files {
            #expect(try root.exists(file) == Self.conffiles.contains(file), "after dpkg -r: \(file)")
        }
        #expect(try root.run("dpkg-query -W -f '${Status}' lvsrouter").output == "deinstall ok config-files")

        let purge = try root.run("dpkg -P lvsrouter")
        #expect(purge.exitCode == 0, "dpkg -P: \(purge.output)\(purge.error)")
        for file in Self.conffiles { #expect(try !root.exists(file), "after dpkg -P: \(file)") }
        #expect(try root.run("ls /etc/rc*.d/*pulse /etc/rc*.d/*lvsweb").exitCode != 0, "boot links left after purge")
        #expect(try !root.exists("/etc/systemd/system/pulse.service"), "pulse.service left masked after purge")
        #expect(try root.run("dpkg-query -W lvsrouter").exitCode != 0)
    }

    /// A previous version (the same programs, an older version number) installed where lvs.cf
    /// exists, pulse started by its init script, then the upgrade: the admin's settings and lvs.cf
    /// are kept, boot links stay, and the running pulse is restarted on the new files; remove stops
    /// it; purge leaves lvs.cf.
    @Test func upgradeOfARunningDirectorThenRemoveAndPurge() throws {
        let previous = try Self.previousVersion()
        defer { try? FileManager.default.removeItem(atPath: (previous as NSString).deletingLastPathComponent) }
        let root = try ThrowawayRoot()
        defer { root.close() }
        let oldDeb = try root.copyIn(previous)
        let newDeb = try root.copyIn(Self.deb)
        try root.run(
            """
            dpkg --purge lvsrouter >/dev/null 2>&1 || true
            ip link add eth0 type veth peer name eth0-peer; ip address add 10.77.0.1/24 dev eth0
            ip link set eth0 up; ip link set eth0-peer up; ip link set lo up
            mkdir -p /etc/sysconfig/ha
            cat >/etc/sysconfig/ha/lvs.cf <<'EOF'
            serial_no = 7
            primary = 10.77.0.1
            backup = 10.77.0.2
            backup_active = 1
            service = lvs
            heartbeat_port = 5390
            keepalive = 1
            deadtime = 2
            network = direct
            virtual web {
                active = 1
                address = 10.77.0.100 eth0:1
                protocol = tcp
                port = 80
                scheduler = mh
                server rs1 {
                    address = 10.77.0.11
                    active = 1
                }
            }
            EOF
            """)
        let lvsConf = try root.run("md5sum /etc/sysconfig/ha/lvs.cf").output

        let install = try root.run("dpkg -i \(oldDeb)")
        #expect(install.exitCode == 0, "dpkg -i (previous): \(install.output)\(install.error)")
        #expect(try root.run("ls /etc/rc2.d/S*pulse").exitCode == 0, "pulse not enabled although lvs.cf exists")
        #expect(try root.exists("/etc/systemd/system/multi-user.target.wants/pulse.service"))
        #expect(try !root.exists("/etc/systemd/system/multi-user.target.wants/lvsweb.service"))
        #expect(try !root.exists("/run/pulse/pulse.pid"), "the package started pulse")

        // The admin's settings, then pulse started as init would.
        let settings = "OPTIONS=\"--test-start --no-realtime --no-vip-guard\"\n# edited by the admin\n"
        try root.run("printf '%s' '\(settings)' >/etc/sysconfig/pulse")
        let start = try root.run("/etc/init.d/pulse start", timeout: .seconds(60))
        #expect(start.exitCode == 0, "pulse start: \(start.output)\(start.error)")
        let before = try root.run("cat /run/pulse/pulse.pid").output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(Int32(before) != nil)
        defer { Self.stop(pidText: try? root.run("cat /run/pulse/pulse.pid").output) }

        let upgrade = try root.run("dpkg -i \(newDeb)", timeout: .seconds(180))
        #expect(upgrade.exitCode == 0, "dpkg -i (upgrade): \(upgrade.output)\(upgrade.error)")
        #expect(try root.run("dpkg-query -W -f '${Version}' lvsrouter").output == SuiteVersion.number)
        #expect(
            try root.run("cat /etc/sysconfig/pulse").output == settings, "the upgrade replaced the admin's settings")
        #expect(try root.run("md5sum /etc/sysconfig/ha/lvs.cf").output == lvsConf, "the upgrade touched lvs.cf")
        #expect(try root.run("ls /etc/rc2.d/S*pulse").exitCode == 0)
        #expect(try root.exists("/etc/systemd/system/multi-user.target.wants/pulse.service"))
        let after = try root.run("cat /run/pulse/pulse.pid").output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(Int32(after) != nil && after != before, "pulse was not restarted: pid \(before) → \(after)")
        if let pid = Int32(before) { #expect(!Self.isAlive(pid), "the old pulse \(pid) still runs") }
        #expect(try root.run("/etc/init.d/pulse status").exitCode == 0, "pulse is not running after the upgrade")
        // Alone (no peer), the restarted pulse becomes active after deadtime and holds the VIP.
        let vip = try root.run(
            "for i in $(seq 75); do ip -4 address show dev eth0 | grep -q 10.77.0.100 && exit 0; sleep 0.2; done; exit 1",
            timeout: .seconds(30))
        #expect(vip.exitCode == 0, "the upgraded pulse did not take the VIP within 15 s")

        let remove = try root.run("dpkg -r lvsrouter", timeout: .seconds(60))
        #expect(remove.exitCode == 0, "dpkg -r: \(remove.output)\(remove.error)")
        if let pid = Int32(after) { #expect(!Self.isAlive(pid), "pulse \(pid) still runs after dpkg -r") }
        let purge = try root.run("dpkg -P lvsrouter")
        #expect(purge.exitCode == 0, "dpkg -P: \(purge.output)\(purge.error)")
        #expect(try root.run("md5sum /etc/sysconfig/ha/lvs.cf").output == lvsConf, "purge touched lvs.cf")
        #expect(try !root.exists("/etc/sysconfig/pulse"))
    }

    /// The package again from its own programs, as version 1.0.0: the previous version to upgrade
    /// from. Returns its path (in a directory of its own).
    static func previousVersion() throws -> String {
        let directory = NSTemporaryDirectory() + "lvs-previous-\(UUID().uuidString.prefix(8))"
        let unpacked = directory + "/unpacked"
        #expect(try shell("mkdir -p '\(unpacked)' && dpkg-deb -x '\(deb)' '\(unpacked)'").exitCode == 0)
        let build = try TestProcess.run(
            try TestEnvironment.script("package"),
            ["--from", unpacked + "/usr/sbin", "--version", "1.0.0", "--output", directory, "--no-lintian"],
            timeout: .seconds(900))
        guard build.exitCode == 0, let path = build.output.split(separator: "\n").last.map(String.init) else {
            throw LabError("scripts/package --version 1.0.0: \(build.error)")
        }
        return path
    }

    /// Ends a pulse the test started (its pidfile's text), should the test stop half-way.
    static func stop(pidText: String?) {
        guard let text = pidText?.trimmingCharacters(in: .whitespacesAndNewlines), let pid = Int32(text), pid > 1 else {
            return
        }
        if kill(pid, SIGTERM) == 0 {
            for _ in 0..<100 where isAlive(pid) { usleep(50_000) }
            if isAlive(pid) { kill(pid, SIGKILL) }
        }
    }

    /// Whether `pid` runs: it exists and is not a zombie (a daemon that exited is adopted by
    /// whoever reaps orphans here, which may collect it late).
    static func isAlive(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        return !status.contains("State:\tZ")
    }
}
