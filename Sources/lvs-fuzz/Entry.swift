import CLVSShims
import Foundation

/// `lvs-fuzz`. Built by `scripts/fuzz` with `-sanitize=fuzzer,address -DFUZZING`, it is libFuzzer
/// on the target named by `LVSROUTER_FUZZ_TARGET` (libFuzzer's options on the command line).
/// Built plainly, `lvs-fuzz TARGET FILE...` runs files (a corpus, or an input the fuzzer saved)
/// through a target, to reproduce and debug, and `lvs-fuzz seeds TARGET DIR` writes the generated
/// seed inputs (``FuzzSeeds``) into DIR.
@main
enum FuzzMain {
    static let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: "|")

    static func main() {
        #if FUZZING
        guard let name = ProcessInfo.processInfo.environment["LVSROUTER_FUZZ_TARGET"], FuzzTarget(rawValue: name) != nil
        else {
            fail("lvs-fuzz: set LVSROUTER_FUZZ_TARGET to one of \(names)", status: 2)
        }
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOneInput))
        #else
        replay(Array(CommandLine.arguments.dropFirst()))
        #endif
    }

    static func replay(_ arguments: [String]) {
        if arguments.first == "seeds" {
            guard arguments.count == 3, let target = FuzzTarget(rawValue: arguments[1]) else {
                fail("usage: lvs-fuzz seeds \(names) DIR", status: 2)
            }
            for seed in FuzzSeeds.inputs(for: target) {
                let path = arguments[2] + "/" + seed.name
                guard FileManager.default.createFile(atPath: path, contents: Data(seed.bytes)) else {
                    fail("lvs-fuzz: cannot write \(path)", status: 1)
                }
            }
            return
        }
        guard let name = arguments.first, let target = FuzzTarget(rawValue: name) else {
            fail("usage: lvs-fuzz \(names) FILE... | lvs-fuzz seeds \(names) DIR", status: 2)
        }
        for path in arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else {
                fail("lvs-fuzz: cannot read \(path)", status: 1)
            }
            target.run(Array(data))
            print("\(path): ok")
        }
    }

    static func fail(_ message: String, status: Int32) -> Never {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        exit(status)
    }
}

#if FUZZING
/// libFuzzer's callback, under the name its own `main` (linked, though never run) refers to.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzTarget.selected.run(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}
#endif
