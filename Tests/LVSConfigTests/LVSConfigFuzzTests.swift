import Testing
@testable import LVSConfig

/// No input makes the parser (or the document) crash or hang: random bytes, mutated and
/// truncated real files, and pathological shapes, each parse bounded in time.
@Suite struct LVSConfigFuzzTests {
    let parser = LVSConfigParser(resolver: TableNameResolver())
    let clock = ContinuousClock()

    /// Parses, checks the result is coherent, and that the document keeps the bytes.
    func check(_ bytes: [UInt8]) {
        let r = parser.parse(bytes, file: "fuzz.cf")
        let lineCount = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).count
        for d in r.diagnostics {
            #expect(d.line >= 1 && d.line <= max(lineCount, 1))
            #expect(d.column >= 1)
            #expect(!d.message.isEmpty)
        }
        #expect(r.errorCount + r.warningCount == r.diagnostics.count + r.omittedCount)
        #expect(
            r.omittedCount == 0
                ? r.errorCount == r.errors.count : r.diagnostics.count == DiagnosticCollector.storedLimit)
        #expect(
            zip(r.diagnostics, r.diagnostics.dropFirst()).allSatisfy { ($0.line, $0.column) <= ($1.line, $1.column) })
        #expect(LVSConfigDocument(bytes: bytes).bytes == bytes)
    }

    @Test func randomBytes() {
        var rng = SplitMix64(seed: 1)
        let alphabet =
            Array("= {}[]\"'#\n\r\t \\x0.:abcdefghijklmnopqrstuvwxyz_0123456789".utf8) + [0x00, 0xFF, 0xC3, 0x80]
        let start = clock.now
        for round in 0..<3000 {
            let length = Int.random(in: 0...400, using: &rng)
            let biased = round % 2 == 0
            let bytes = (0..<length).map { _ in
                biased ? alphabet.randomElement(using: &rng)! : UInt8.random(in: 0...255, using: &rng)
            }
            check(bytes)
        }
        #expect(clock.now - start < .seconds(60))
    }

    @Test func mutatedSamples() throws {
        var rng = SplitMix64(seed: 2)
        let samples = [try sampleBytes("lvs.cf.nat"), try sampleBytes("lvs.cf.direct-routing")]
        let specials = Array("{}=\"'#\r\n\t [] 0.x".utf8) + [0x00, 0xFF]
        for _ in 0..<1500 {
            var bytes = samples.randomElement(using: &rng)!
            for _ in 0..<Int.random(in: 1...6, using: &rng) where !bytes.isEmpty {
                let at = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0...3, using: &rng) {
                case 0: bytes[at] = specials.randomElement(using: &rng)!
                case 1: bytes.insert(specials.randomElement(using: &rng)!, at: at)
                case 2: bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...40, using: &rng)))
                default: bytes.insert(contentsOf: bytes[at..<min(bytes.count, at + 60)], at: at)
                }
            }
            check(bytes)
        }
    }

    @Test func everyTruncation() throws {
        for name in ["lvs.cf.nat", "lvs.cf.direct-routing"] {
            let bytes = try sampleBytes(name)
            for length in 0...bytes.count {
                check(Array(bytes[0..<length]))
            }
        }
    }

    @Test func pathologicalShapes() {
        let start = clock.now
        check(Array(repeating: UInt8(ascii: "a"), count: 1 << 20))
        check(Array(repeating: UInt8(ascii: "{"), count: 100_000))
        check(Array(String(repeating: "}\n", count: 50_000).utf8))
        check(Array(String(repeating: "virtual v {\n", count: 20_000).utf8))
        check(Array(String(repeating: "server s {\n", count: 20_000).utf8))
        check(Array(("send = \"" + String(repeating: "x ", count: 200_000)).utf8))
        check(Array(String(repeating: "\r", count: 100_000).utf8))
        check(Array(String(repeating: "a = ", count: 100_000).utf8))
        check(Array(String(repeating: "\n", count: 200_000).utf8))
        #expect(clock.now - start < .seconds(60))
    }

    @Test func editsOnDamagedFilesNeverCrash() throws {
        var rng = SplitMix64(seed: 3)
        let sample = try sampleBytes("lvs.cf.nat")
        for _ in 0..<300 {
            let cut = Int.random(in: 0...sample.count, using: &rng)
            var doc = LVSConfigDocument(bytes: Array(sample[0..<cut]))
            _ = try? doc.setValue("rr", for: "scheduler", in: .virtual("www"))
            _ = try? doc.setValue("9", for: "serial_no")
            _ = try? doc.addBlock(.server("new", virtual: "www"), settings: [("address", "10.0.1.99")])
            _ = try? doc.removeBlock(.virtual("smtp"))
            _ = try? doc.removeValue(for: "expect", in: .virtual("www"))
            check(doc.bytes)
        }
    }
}
