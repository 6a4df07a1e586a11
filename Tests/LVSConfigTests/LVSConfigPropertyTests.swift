import Addressing
import Testing
@testable import LVSConfig

/// Generated configs: written and read back they give the same model; unchanged text survives
/// the document byte for byte; an edit changes only its own line.
@Suite struct LVSConfigPropertyTests {
    let parser = LVSConfigParser(resolver: TableNameResolver())
    let renderer = LVSConfigRenderer()

    @Test func renderThenParseGivesTheSameModel() throws {
        for seed in 0..<300 as Range<UInt64> {
            var g = ConfigGenerator(seed: seed)
            let model = g.config()
            let text = try renderer.render(model)
            let parsed = parser.parse(text, file: "gen.cf")
            #expect(parsed.config == model, "seed \(seed):\n\(text)")
            #expect(try renderer.render(parsed.config) == text, "seed \(seed)")
            if parsed.config != model { break }
        }
    }

    @Test func parseWriteParseOfReformattedText() throws {
        for seed in 0..<200 as Range<UInt64> {
            var g = ConfigGenerator(seed: seed)
            let model = g.config()
            let messy = reformat(try renderer.render(model), &g)
            let first = parser.parse(messy, file: "messy.cf")
            #expect(first.config == model, "seed \(seed):\n\(messy)")
            let second = parser.parse(try renderer.render(first.config), file: "clean.cf")
            #expect(second.config == first.config, "seed \(seed)")
            let doc = LVSConfigDocument(text: messy)
            #expect(doc.bytes == Array(messy.utf8), "seed \(seed)")
            if first.config != model { break }
        }
    }

    @Test func randomTextSurvivesTheDocumentByteForByte() {
        var rng = SplitMix64(seed: 7)
        let pool: [[UInt8]] = [
            Array("serial_no = 1".utf8), Array("  # comment".utf8), [], Array("virtual www {".utf8), Array("}".utf8),
            Array("\tsend = \"a b\"   ".utf8), Array("garbage \"unterminated".utf8), [0xFF, 0xFE, 0x80],
            Array("server a {".utf8), Array("key=value".utf8), [0x0D], Array("   ".utf8), [0x00, 0x41],
        ]
        for _ in 0..<500 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...30, using: &rng) {
                bytes += pool.randomElement(using: &rng)!
                bytes += [[0x0A], [0x0D, 0x0A], [0x0A, 0x0A]].randomElement(using: &rng)!
            }
            if Bool.random(using: &rng), !bytes.isEmpty { bytes.removeLast() }
            #expect(LVSConfigDocument(bytes: bytes).bytes == bytes)
        }
    }

    @Test func anEditChangesOnlyItsOwnLine() throws {
        for seed in 0..<150 as Range<UInt64> {
            var g = ConfigGenerator(seed: seed)
            var model = g.config()
            if model.virtualServices.isEmpty {
                var names = Set<String>()
                model.virtualServices.append(g.virtualService(&names))
            }
            let text = reformat(try renderer.render(model), &g)
            var doc = LVSConfigDocument(text: text)
            let before = doc.lines
            let target = model.virtualServices[g.int(0...(model.virtualServices.count - 1))]
            let scheduler = g.pick(VirtualService.Scheduler.allCases.filter { $0 != target.scheduler })
            // `scheduler` is always written, so this replaces a value in place.
            try doc.setValue(scheduler.rawValue, for: "scheduler", in: .virtual(target.name))
            let after = doc.lines
            #expect(after.count == before.count, "seed \(seed)")
            #expect(zip(before, after).filter { $0 != $1 }.count == 1, "seed \(seed)")
            let parsed = doc.parse(file: "edit.cf", parser: parser).config
            var expected = model
            let i = expected.virtualServices.firstIndex { $0.name == target.name }!
            expected.virtualServices[i].scheduler = scheduler
            #expect(parsed == expected, "seed \(seed)")
            // A key the block does not have yet is one inserted line; the others stay in order.
            guard target.firewallMark == nil || target.sorryServer == nil else { continue }
            let key = target.firewallMark == nil ? "fwmark" : "sorry_server"
            try doc.setValue(key == "fwmark" ? "99" : "10.9.9.9", for: key, in: .virtual(target.name))
            #expect(doc.value(for: key, in: .virtual(target.name)) == (key == "fwmark" ? "99" : "10.9.9.9"))
            #expect(doc.lines.count == after.count + 1)
            var remaining = doc.lines[...]
            for line in after {
                guard let found = remaining.firstIndex(of: line) else {
                    Issue.record("seed \(seed): a line went missing"); break
                }
                remaining = remaining[(found + 1)...]
            }
        }
    }

    /// The same content laid out differently: indentation, blanks around `=`, comments, blank
    /// lines, needless quotes, CRLF.
    func reformat(_ text: String, _ g: inout ConfigGenerator) -> String {
        let crlf = g.int(0...3) == 0
        var out = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            if g.int(0...5) == 0 {
                out += g.pick(["# a comment", "", "   ", "\t# indented comment \"x"]) + (crlf ? "\r\n" : "\n")
            }
            var l = String(line).trimmingLeadingBlanks()
            if let eq = l.firstRange(of: " = ") {
                let key = String(l[..<eq.lowerBound])
                var value = String(l[eq.upperBound...])
                let bare =
                    !value.contains(" ") && !value.hasPrefix("\"") && !value.hasPrefix("'") && !value.contains("\"")
                if bare, !value.isEmpty, g.bool(), key != "address" && key != "nat_router" { value = "\"\(value)\"" }
                l =
                    key + g.pick([" ", "\t", "   "]) + "=" + g.pick([" ", "\t", "  "]) + value
                    + g.pick(["", " ", "\t"])
            }
            out += g.pick(["", "  ", "\t", "     "]) + l + (crlf ? "\r\n" : "\n")
        }
        return out
    }
}

extension String {
    func trimmingLeadingBlanks() -> String {
        String(drop { $0 == " " || $0 == "\t" })
    }
}
