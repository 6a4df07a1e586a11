#if canImport(Glibc)
import Glibc
#endif
import Addressing
import IPVS

/// `ipvsadm -L -c`: the kernel's `/proc/net/ip_vs_conn`, read as ipvsadm reads it (`fgets` into
/// 256 bytes, then `sscanf("%s %s %hX %s %hX %s %hX %s %d %s %s")`) and printed in its columns.
enum ConnectionListing {
    /// Why a connection listing stopped.
    enum Failure: Error, Equatable {
        /// The file had no first line: `unexpected input from …`, exit 1.
        case unexpectedInput
        /// A line with nothing to scan: ipvsadm exits 1 without a message.
        case emptyLine
    }

    /// Prints the listing of `table` (the file's bytes).
    static func print(_ table: [UInt8], printer: ListingPrinter, into out: inout OutputBuffer) throws(Failure) {
        var lines = chunks(table)
        guard !lines.isEmpty else { throw .unexpectedInput }
        lines.removeFirst()
        out.text("IPVS connection entries\n")
        let persistent = printer.format.contains(.persistentConnections)
        if persistent {
            out.text("pro expire ")
            for (name, width) in [("state", 11), ("source", 18), ("virtual", 18), ("destination", 18), ("pe name", 16)]
            {
                out.left(name, width)
                out.text(" ")
            }
            out.text("pe_data\n")
        } else {
            out.text("pro expire ")
            for (name, width) in [("state", 11), ("source", 18), ("virtual", 18)] {
                out.left(name, width)
                out.text(" ")
            }
            out.text("destination\n")
        }
        for line in lines { try row(line, printer: printer, persistent: persistent, into: &out) }
    }

    /// `fgets(buffer, 256, …)`: lines, each cut into pieces of at most 255 bytes.
    static func chunks(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var out: [ArraySlice<UInt8>] = []
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count, end - start < 255 {
                end += 1
                if bytes[end - 1] == UInt8(ascii: "\n") { break }
            }
            out.append(bytes[start..<end])
            start = end
        }
        return out
    }

    private static func row(
        _ line: ArraySlice<UInt8>, printer: ListingPrinter, persistent: Bool, into out: inout OutputBuffer
    ) throws(Failure) {
        var scan = Scanner(line)
        var fields: [String] = []
        var numbers: [UInt32] = []
        // %s %s %hX %s %hX %s %hX %s %d %s %s
        let pattern: [Character] = ["s", "s", "x", "s", "x", "s", "x", "s", "d", "s", "s"]
        var count = 0
        scanning: for kind in pattern {
            switch kind {
            case "s":
                guard let word = scan.word() else { break scanning }
                fields.append(word)
            case "x":
                guard let value = scan.hex() else { break scanning }
                numbers.append(UInt32(value & 0xFFFF))
            default:
                guard let value = scan.decimal() else { break scanning }
                numbers.append(UInt32(truncatingIfNeeded: value))
            }
            count += 1
        }
        if count == 0, scan.atEnd { throw .emptyLine }
        func field(_ i: Int) -> String { i < fields.count ? fields[i] : "" }
        func number(_ i: Int) -> UInt32 { i < numbers.count ? numbers[i] : 0 }
        let protocolName = field(0)
        let proto: IPVSProtocol? =
            switch protocolName {
            case "TCP": .tcp
            case "UDP": .udp
            case "SCTP": .sctp
            default: nil
            }
        let client: IPAddress
        let virtual: IPAddress
        if let a = IPv6Address(field(1)) {
            client = .v6(a)
            virtual = IPv6Address(field(2)).map { .v6($0) } ?? .v6(IPv6Address(high: 0, low: 0))
        } else if let a = strictIPv4(field(1)) {
            client = .v4(a)
            virtual = .v4(strictIPv4(field(2)) ?? .any)
        } else {
            client = .v4(IPv4Address(CNumber.hex32(field(1))))
            virtual = .v4(IPv4Address(CNumber.hex32(field(2))))
        }
        let destination: IPAddress =
            IPv6Address(field(3)).map { .v6($0) } ?? strictIPv4(field(3)).map { .v4($0) }
            ?? .v4(IPv4Address(CNumber.hex32(field(3))))
        let expires = number(3)
        var expire = String(expires / 60)
        if expire.count < 2 { expire = "0" + expire }
        var seconds = String(expires % 60)
        if seconds.count < 2 { seconds = "0" + seconds }
        expire += ":" + seconds

        out.left(protocolName, 3)
        out.text(" ")
        out.left(expire, 6)
        out.text(" ")
        out.left(field(4), 11)
        out.text(" ")
        out.left(printer.addressAndPort(client, UInt16(number(0)), proto), 18)
        out.text(" ")
        out.left(printer.addressAndPort(virtual, UInt16(number(1)), proto), 18)
        out.text(" ")
        let target = printer.addressAndPort(destination, UInt16(number(2)), proto)
        if persistent && count == 11 {
            // The row pads the destination to 16 and the engine to 18, unlike the title.
            out.left(target, 16)
            out.text(" ")
            out.left(field(5), 18)
            out.text(" ")
            out.text(field(6))
        } else {
            out.text(target)
        }
        out.newline()
    }

    private static func strictIPv4(_ text: String) -> IPv4Address? {
        var raw = in_addr()
        guard text.withCString({ inet_pton(AF_INET, $0, &raw) }) == 1 else { return nil }
        return IPv4Address(UInt32(bigEndian: raw.s_addr))
    }

    /// The pieces of `sscanf` the pattern needs.
    private struct Scanner {
        let bytes: ArraySlice<UInt8>
        var i: Int
        init(_ bytes: ArraySlice<UInt8>) {
            self.bytes = bytes
            i = bytes.startIndex
        }

        var atEnd: Bool {
            var j = i
            while j < bytes.endIndex, Scanner.isSpace(bytes[j]) { j += 1 }
            return j == bytes.endIndex
        }

        static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || (0x09...0x0D).contains(c) }

        mutating func skipSpace() { while i < bytes.endIndex, Scanner.isSpace(bytes[i]) { i += 1 } }

        mutating func word() -> String? {
            skipSpace()
            let start = i
            while i < bytes.endIndex, !Scanner.isSpace(bytes[i]) { i += 1 }
            return i > start ? String(decoding: bytes[start..<i], as: UTF8.self) : nil
        }

        mutating func hex() -> UInt64? {
            skipSpace()
            var negative = false
            if i < bytes.endIndex, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
                negative = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            if i + 1 < bytes.endIndex, bytes[i] == UInt8(ascii: "0"), bytes[i + 1] | 0x20 == UInt8(ascii: "x") {
                i += 2
            }
            var value: UInt64 = 0
            let start = i
            while i < bytes.endIndex, let d = Scanner.hexDigit(bytes[i]) {
                value = value &* 16 &+ UInt64(d)
                i += 1
            }
            guard i > start else { return nil }
            return negative ? 0 &- value : value
        }

        mutating func decimal() -> Int64? {
            skipSpace()
            var negative = false
            if i < bytes.endIndex, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
                negative = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            var value: Int64 = 0
            let start = i
            while i < bytes.endIndex, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[i]) {
                value = value &* 10 &+ Int64(bytes[i] - UInt8(ascii: "0"))
                i += 1
            }
            guard i > start else { return nil }
            return negative ? -value : value
        }

        static func hexDigit(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
            default: nil
            }
        }
    }
}
