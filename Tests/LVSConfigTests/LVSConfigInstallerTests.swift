import Foundation
import Glibc
import LVSConfig
import Testing

/// Replacing lvs.cf: checked first, atomic, the previous version kept, reverts that undo each other.
@Suite struct LVSConfigInstallerTests {
    static let good = "primary = 192.0.2.1\nservice = lvs\n# kept\n"
    static let better = "primary = 192.0.2.1\nservice = lvs\n# kept\nkeepalive = 2\n"
    static let broken = "primary = 192.0.2.1\nservice = lvs\nweight = 1\n"

    final class Directory {
        let path = NSTemporaryDirectory() + "lvscf-install-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        init() throws { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(atPath: path) }
        func text(_ name: String) -> String? { try? String(contentsOfFile: path + "/" + name, encoding: .utf8) }
        func write(_ name: String, _ text: String, mode: mode_t = 0o644) throws {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path + "/" + name))
            chmod(path + "/" + name, mode)
        }
        func mode(_ name: String) -> Int? {
            (try? FileManager.default.attributesOfItem(atPath: path + "/" + name))?[.posixPermissions] as? Int
        }
    }

    @Test func anInstallKeepsThePreviousVersionAndTheMode() throws {
        let directory = try Directory()
        try directory.write("lvs.cf", Self.good, mode: 0o640)
        let installer = LVSConfigInstaller(path: directory.path + "/lvs.cf")
        #expect(!installer.previousExists())
        let result = try installer.install(Array(Self.better.utf8))
        #expect(result.changed)
        #expect(directory.text("lvs.cf") == Self.better)
        #expect(directory.text("lvs.cf.previous") == Self.good)
        #expect(directory.mode("lvs.cf") == 0o640)
        #expect(installer.previousExists())
        let again = try installer.install(Array(Self.better.utf8))
        #expect(!again.changed)
        #expect(directory.text("lvs.cf.previous") == Self.good, "the same bytes write nothing")
    }

    @Test func aFileWithErrorsIsNeverWritten() throws {
        let directory = try Directory()
        try directory.write("lvs.cf", Self.good)
        let installer = LVSConfigInstaller(path: directory.path + "/lvs.cf")
        #expect {
            _ = try installer.install(Array(Self.broken.utf8))
        } throws: { error in
            guard case .invalid(let path, let diagnostics) = error as? LVSConfigInstallError else { return false }
            // Named as the live file, the way check-config names it.
            return path == installer.path
                && diagnostics.contains { $0.severity == .error && $0.line == 3 && $0.file == installer.path }
        }
        #expect(directory.text("lvs.cf") == Self.good)
        #expect(directory.text("lvs.cf.previous") == nil)
        try directory.write("lvs.cf.previous", Self.better)
        #expect(throws: LVSConfigInstallError.self) { try installer.install(Array(Self.broken.utf8)) }
        #expect(directory.text("lvs.cf") == Self.good)
        #expect(directory.text("lvs.cf.previous") == Self.better)
    }

    @Test func theModeIsNeverWidened() throws {
        let directory = try Directory()
        let installer = LVSConfigInstaller(path: directory.path + "/lvs.cf")
        _ = try installer.install(Array(Self.good.utf8))
        #expect(directory.mode("lvs.cf") == 0o644, "a new file")
        chmod(installer.path, 0o4666)
        _ = try installer.install(Array(Self.better.utf8))
        #expect(directory.mode("lvs.cf") == 0o644, "no write access for others, no set-ID bit")
        #expect(directory.mode("lvs.cf.previous") == 0o644)
        chmod(installer.path, 0o600)
        _ = try installer.install(Array(Self.good.utf8))
        #expect(directory.mode("lvs.cf") == 0o600)
        _ = try installer.revert()
        #expect(directory.mode("lvs.cf") == 0o600)
    }

    @Test func revertingTwiceRestoresTheInstalledFile() throws {
        let directory = try Directory()
        try directory.write("lvs.cf", Self.good)
        let installer = LVSConfigInstaller(path: directory.path + "/lvs.cf")
        #expect(throws: LVSConfigInstallError.noPrevious(path: installer.previousPath)) { try installer.revert() }
        _ = try installer.install(Array(Self.better.utf8))
        _ = try installer.revert()
        #expect(directory.text("lvs.cf") == Self.good)
        #expect(directory.text("lvs.cf.previous") == Self.better)
        _ = try installer.revert()
        #expect(directory.text("lvs.cf") == Self.better)
    }

    @Test func aBrokenPreviousVersionIsNotPutBack() throws {
        let directory = try Directory()
        try directory.write("lvs.cf", Self.good)
        try directory.write("lvs.cf.previous", Self.broken)
        #expect(throws: LVSConfigInstallError.self) {
            try LVSConfigInstaller(path: directory.path + "/lvs.cf").revert()
        }
        #expect(directory.text("lvs.cf") == Self.good)
    }

    @Test func onlyRegularFilesAreReplaced() throws {
        let directory = try Directory()
        try directory.write("real.cf", Self.good)
        symlink(directory.path + "/real.cf", directory.path + "/lvs.cf")
        #expect(throws: LVSConfigInstallError.notRegular(path: directory.path + "/lvs.cf", kind: .symbolicLink)) {
            try LVSConfigInstaller(path: directory.path + "/lvs.cf").install(Array(Self.better.utf8))
        }
        #expect(directory.text("real.cf") == Self.good)
        mkdir(directory.path + "/dir.cf", 0o755)
        #expect(throws: LVSConfigInstallError.notRegular(path: directory.path + "/dir.cf", kind: .directory)) {
            try LVSConfigInstaller(path: directory.path + "/dir.cf").install(Array(Self.better.utf8))
        }
        mkfifo(directory.path + "/fifo.cf", 0o644)
        #expect(throws: LVSConfigInstallError.notRegular(path: directory.path + "/fifo.cf", kind: .fifo)) {
            try LVSConfigInstaller(path: directory.path + "/fifo.cf").install(Array(Self.better.utf8))
        }
        #expect(
            throws: LVSConfigInstallError.tooLarge(
                size: LVSConfigInstaller.sizeLimit + 1, limit: LVSConfigInstaller.sizeLimit)
        ) {
            try LVSConfigInstaller(path: directory.path + "/new.cf").install(
                [UInt8](repeating: 0x20, count: LVSConfigInstaller.sizeLimit + 1))
        }
    }

    @Test(arguments: ["symbolic link", "directory", "FIFO"])
    func aPreviousVersionThatIsNotARegularFileIsLeftAlone(_ kind: String) throws {
        let directory = try Directory()
        try directory.write("lvs.cf", Self.good)
        try directory.write("elsewhere", Self.better)
        let installer = LVSConfigInstaller(path: directory.path + "/lvs.cf")
        let previous = installer.previousPath
        let expected: LVSConfigInstallError
        switch kind {
        case "symbolic link":
            symlink(directory.path + "/elsewhere", previous)
            expected = .notRegular(path: previous, kind: .symbolicLink)
        case "directory":
            mkdir(previous, 0o755)
            expected = .notRegular(path: previous, kind: .directory)
        default:
            mkfifo(previous, 0o644)
            expected = .notRegular(path: previous, kind: .fifo)
        }
        #expect(throws: expected) { try installer.install(Array(Self.better.utf8)) }
        #expect(throws: expected) { try installer.revert() }
        #expect(!installer.previousExists())
        #expect(directory.text("lvs.cf") == Self.good)
        #expect(directory.text("elsewhere") == Self.better)
    }

    @Test func aRevertThatCannotWriteTheLiveFileLeavesBothFilesAsTheyWere() throws {
        let directory = try Directory()
        try directory.write("lvs.cf", Self.better)
        try directory.write("lvs.cf.previous", Self.good)
        // The live file's temporary name taken by a directory that cannot be removed: the
        // previous version is written, the live one is not.
        mkdir(directory.path + "/lvs.cf.new", 0o755)
        try directory.write("lvs.cf.new/x", "")
        let installer = LVSConfigInstaller(path: directory.path + "/lvs.cf")
        #expect {
            try installer.revert()
        } throws: { error in
            guard case .writing(let path, _) = error as? LVSConfigInstallError else { return false }
            return path == installer.path
        }
        #expect(directory.text("lvs.cf") == Self.better)
        #expect(directory.text("lvs.cf.previous") == Self.good)
    }
}
