import LVSTestKit
import Testing

/// `scripts/demo` explains itself and refuses arguments before it builds or boots anything.
/// (The demo itself runs in the kernel layer: `DemoScenarioKernelTests`.)
@Suite struct DemoScriptTests {
    @Test func helpSaysWhatTheDemoDoesAndNeeds() throws {
        let result = try TestProcess.run(try TestEnvironment.script("demo"), ["--help"], timeout: .seconds(30))
        #expect(result.exitCode == 0)
        for words in [
            "lvslab demo", "scripts/vm", "lvsctl failover", "Exit status 0 only if every step",
            "LVSROUTER_DEMO_TIMEOUT",
        ] {
            #expect(result.output.contains(words), "--help does not mention \(words): \(result.output)")
        }
        #expect(!result.output.contains("set -euo"))
    }

    @Test func anArgumentIsAUsageError() throws {
        let result = try TestProcess.run(try TestEnvironment.script("demo"), ["--fast"], timeout: .seconds(30))
        #expect(result.exitCode == 2)
        #expect(result.error == "scripts/demo: takes no arguments (see scripts/demo --help)\n")
        #expect(result.output.isEmpty)
    }
}
