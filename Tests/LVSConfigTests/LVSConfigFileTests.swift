import Testing
@testable import LVSConfig

@Suite struct LVSConfigFileTests {
    @Test func readsAndReportsErrors() throws {
        #expect(try LVSConfigFile.read("/dev/null") == [])
        #expect(try sampleBytes("lvs.cf.nat").count > 1000)
        #expect(throws: LVSConfigReadError(path: "/nonexistent/lvs.cf", call: "open", errno: 2)) {
            try LVSConfigFile.read("/nonexistent/lvs.cf")
        }
        #expect(LVSConfigReadError(path: "/x", call: "open", errno: 2).description == "reading /x: No such file or directory")
        #expect(throws: LVSConfigReadError(path: "/tmp", call: "read", errno: 21)) { try LVSConfigFile.read("/tmp") }
    }
}
