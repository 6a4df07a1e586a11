import Foundation
import Testing

@testable import IPVS

/// The settings writer, on files standing in for `/proc/sys/net/ipv4/vs`.
@Suite struct IPVSSysctlTests {
    @Test func aSettingIsWrittenAndAMissingOneNamesItsPath() throws {
        let directory = NSTemporaryDirectory() + "ipvs-sysctl-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Data("0\n".utf8).write(to: URL(fileURLWithPath: directory + "/sloppy_tcp"))
        let sysctl = IPVSSysctl(directory: directory)
        try sysctl.set("sloppy_tcp", to: 1)
        #expect(try String(contentsOfFile: directory + "/sloppy_tcp", encoding: .utf8) == "1\n")
        #expect(throws: (any Error).self) { try sysctl.set("sloppy_sctp", to: 1) }
        do {
            try sysctl.set("sloppy_sctp", to: 1)
        } catch {
            #expect("\(error)" == "open \(directory)/sloppy_sctp: No such file or directory")
        }
    }
}
