import Addressing

/// Typed values from tokens. Each reader reports its own problem, naming the key and what was
/// expected, and returns nil when the value is unusable.
extension ConfigParseRun {
    /// Checks the number of values after `=`; reports missing or extra ones.
    func expectValues(
        _ values: ArraySlice<ConfigToken>, _ count: Int, _ key: ConfigKey,
        _ equals: ConfigToken, expecting: String, isText: Bool = false
    ) -> Bool {
        if values.count < count {
            let column = values.last.map { $0.column + ($0.writtenEnd - $0.writtenStart) + 1 } ?? equals.column + 2
            let what = values.isEmpty ? "missing value" : "missing arguments"
            diagnostics.error(
                SourceLocation(line: lineNumber, column: column), "\(key.name): \(what) (expected \(expecting))")
            return false
        }
        if values.count > count {
            let extra = values[values.startIndex + count]
            if !extra.isQuoted, bytes[extra.start] == UInt8(ascii: "#") {
                diagnostics.error(
                    location(extra),
                    "\(key.name): a comment must start its own line ('#' after a value is not a comment)")
            } else {
                let hint = isText ? " (put a value that contains blanks in quotes)" : ""
                diagnostics.error(
                    location(extra), "\(key.name): unexpected arguments: \(shown(extra)) after the value\(hint)")
            }
            return false
        }
        return true
    }

    func readInteger(_ token: ConfigToken, _ key: ConfigKey, _ range: ClosedRange<Int64>, _ expected: String)
        -> Int64?
    {
        switch IntegerText.parse(bytes, token.start, token.end) {
        case .value(let v) where range.contains(v):
            return v
        case .value, .overflow:
            diagnostics.error(location(token), "\(key.name): expected \(expected), got \(shown(token)) (out of range)")
        case .invalid:
            let what = token.count == 0 ? "an empty value" : shown(token)
            diagnostics.error(location(token), "\(key.name): integer expected: \(expected), got \(what)")
        }
        return nil
    }

    func readBool(_ token: ConfigToken, _ key: ConfigKey) -> Bool? {
        switch IntegerText.parse(bytes, token.start, token.end) {
        case .value(0): return false
        case .value(1): return true
        default:
            diagnostics.error(
                location(token),
                "\(key.name): boolean expected (0 or 1), got \(token.count == 0 ? "an empty value" : shown(token))")
            return nil
        }
    }

    /// A port by number (1-65535) or by service name (`http`), for both virtual and real
    /// servers (Piranha took names only for virtual ports).
    func readPort(_ token: ConfigToken, _ key: ConfigKey) -> UInt16? {
        switch IntegerText.parse(bytes, token.start, token.end) {
        case .value(let v) where (1...65535).contains(v):
            return UInt16(v)
        case .value, .overflow:
            diagnostics.error(
                location(token),
                "\(key.name): expected a port number 1-65535 or a service name, got \(shown(token)) (out of range)")
            return nil
        case .invalid:
            break
        }
        guard token.count > 0, !token.hasControlByte, let name = validString(token.start, token.end),
            name.utf8.allSatisfy(Self.isServiceNameByte), name.utf8.contains(where: Self.isLetter)
        else {
            diagnostics.error(
                location(token),
                "\(key.name): expected a port number 1-65535 or a service name, got \(token.count == 0 ? "an empty value" : shown(token))"
            )
            return nil
        }
        if let port = resolver.port(ofService: name, protocol: "tcp")
            ?? resolver.port(ofService: name, protocol: "udp"),
            port > 0
        {
            return port
        }
        diagnostics.error(
            location(token),
            "\(key.name): unknown service name '\(name)' (expected a port number 1-65535 or a name from /etc/services)")
        return nil
    }

    /// An IPv4 address (dotted quad, or a short `inet_aton` form with a warning), an IPv6
    /// address, or a host name resolved through the resolver (with a warning).
    func readHost(_ token: ConfigToken, _ key: ConfigKey) -> IPAddress? {
        guard token.count > 0, !token.hasControlByte, let text = validString(token.start, token.end) else {
            diagnostics.error(
                location(token),
                "\(key.name): expected an IP address or host name, got \(token.count == 0 ? "an empty value" : shown(token))"
            )
            return nil
        }
        if Self.hasLeadingZeroOctet(text), let a = IPv4Address(inetAton: text) {
            diagnostics.error(
                location(token),
                "\(key.name): '\(text)' has a number with a leading zero, which Piranha read as octal (\(a)); write the address without leading zeros"
            )
            return nil
        }
        if let a = IPv4Address(text) { return .v4(a) }
        if text.utf8.contains(UInt8(ascii: ":")) {
            if let a = IPv6Address(text) { return .v6(a) }
            diagnostics.error(location(token), "\(key.name): invalid IPv6 address \(shown(token))")
            return nil
        }
        let startsWithDigit = (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(text.utf8.first!)
        if startsWithDigit, text.utf8.allSatisfy(Self.isNumericAddressByte), let a = IPv4Address(inetAton: text) {
            diagnostics.warning(
                location(token), "\(key.name): '\(text)' is a short form of \(a); write the address in full")
            return .v4(a)
        }
        if text.utf8.allSatisfy({ $0 == UInt8(ascii: ".") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) {
            diagnostics.error(location(token), "\(key.name): invalid host name or ip address \(shown(token))")
            return nil
        }
        guard text.utf8.allSatisfy(Self.isHostNameByte) else {
            diagnostics.error(location(token), "\(key.name): invalid host name or ip address \(shown(token))")
            return nil
        }
        let addresses: [IPAddress]
        if let cached = resolvedHosts[text] {
            addresses = cached
        } else {
            addresses = resolver.addresses(ofHost: text)
            resolvedHosts[text] = addresses
        }
        guard let first = addresses.first else {
            diagnostics.error(location(token), "\(key.name): cannot resolve host '\(text)'")
            return nil
        }
        let others = addresses.count > 1 ? " (the first of its \(addresses.count) addresses)" : ""
        diagnostics.warning(
            location(token),
            "\(key.name): host name '\(text)' was resolved to \(first)\(others) when the file was read; write the address instead, since resolving names during a failover is a liability"
        )
        return first
    }

    /// A netmask as written: `0`/`0.0.0.0` (none), a contiguous dotted mask, or a prefix length.
    func readMask(_ token: ConfigToken, _ key: ConfigKey) -> MaskText? {
        let expected = "a netmask such as 255.255.255.0, or a prefix length 1-128 for IPv6"
        guard token.count > 0, !token.hasControlByte, let text = validString(token.start, token.end) else {
            diagnostics.error(
                location(token),
                "\(key.name): bad netmask: expected \(expected), got \(token.count == 0 ? "an empty value" : shown(token))"
            )
            return nil
        }
        if text == "0" { return MaskText.none }
        if text.utf8.contains(UInt8(ascii: ".")) {
            guard
                let a = IPv4Address(text)
                    ?? (text.utf8.allSatisfy(Self.isNumericAddressByte) ? IPv4Address(inetAton: text) : nil)
            else {
                diagnostics.error(
                    location(token), "\(key.name): bad netmask: expected \(expected), got \(shown(token))")
                return nil
            }
            if a.isUnspecified { return MaskText.none }
            guard let mask = IPv4Netmask(a) else {
                diagnostics.error(
                    location(token),
                    "\(key.name): bad netmask \(shown(token)): the one bits must be contiguous, such as 255.255.255.0")
                return nil
            }
            return .dotted(mask)
        }
        if text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }), text.utf8.count <= 3,
            let n = Int(text), (1...128).contains(n)
        {
            return .prefix(n)
        }
        diagnostics.error(location(token), "\(key.name): bad netmask: expected \(expected), got \(shown(token))")
        return nil
    }

    /// A time in seconds: an integer (decimal, hex or octal as Piranha read it), or with
    /// `fractions` a decimal with up to 3 places (`0.25`). Must be greater than 0.
    func readSeconds(_ token: ConfigToken, _ key: ConfigKey, fractions: Bool) -> Duration? {
        let expected =
            fractions
            ? "a number of seconds greater than 0, such as 2 or 0.5" : "a whole number of seconds greater than 0"
        let limit: Int64 = Int64(Int32.max)
        if fractions, firstByte(UInt8(ascii: "."), in: token) != nil {
            var whole: Int64 = 0
            var millis: Int64 = 0
            var fractionDigits = 0
            var seenDot = false
            var digits = 0
            var ok = true
            for i in token.start..<token.end {
                let b = bytes[i]
                if b == UInt8(ascii: ".") {
                    if seenDot { ok = false; break }
                    seenDot = true
                } else if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) {
                    digits += 1
                    let d = Int64(b - UInt8(ascii: "0"))
                    if seenDot {
                        fractionDigits += 1
                        if fractionDigits > 3 { ok = false; break }
                        millis = millis * 10 + d
                    } else {
                        whole = whole * 10 + d
                        if whole > limit { ok = false; break }
                    }
                } else {
                    ok = false
                    break
                }
            }
            guard ok, digits > 0, fractionDigits > 0 else {
                let detail = fractionDigits > 3 ? " (at most 3 decimal places)" : ""
                diagnostics.error(location(token), "\(key.name): expected \(expected), got \(shown(token))\(detail)")
                return nil
            }
            while fractionDigits < 3 { millis *= 10; fractionDigits += 1 }
            let total = whole * 1000 + millis
            guard total > 0 else {
                diagnostics.error(
                    location(token), "\(key.name): expected \(expected), got \(shown(token)) (out of range)")
                return nil
            }
            return .milliseconds(total)
        }
        if fractions, case .invalid = IntegerText.parse(bytes, token.start, token.end) {
            // Not "integer expected": these keys take fractions too.
            let what = token.count == 0 ? "an empty value" : shown(token)
            diagnostics.error(location(token), "\(key.name): number expected: \(expected), got \(what)")
            return nil
        }
        guard let n = readInteger(token, key, 1...limit, expected) else { return nil }
        return .seconds(n)
    }

    /// One of a fixed set of words, matched exactly (Piranha was case-sensitive too).
    func readWord<E: RawRepresentable & CaseIterable>(_ token: ConfigToken, _ key: ConfigKey, _: E.Type) -> E?
    where E.RawValue == String {
        let text = self.text(token.start, token.end)
        if let value = E(rawValue: text) { return value }
        let words = E.allCases.map(\.rawValue)
        if let close = E(rawValue: text.lowercased()) {
            diagnostics.error(
                location(token),
                "\(key.name): invalid argument \(shown(token)): values are case-sensitive; did you mean '\(close.rawValue)'?"
            )
        } else {
            diagnostics.error(
                location(token),
                "\(key.name): invalid argument \(token.count == 0 ? "(empty)" : shown(token)); expected one of: \(words.joined(separator: ", "))"
            )
        }
        return nil
    }

    /// Text, stored without its quotes and with backslashes left as written. Control bytes and
    /// invalid UTF-8 are refused, since they cannot be passed on safely.
    func readText(_ token: ConfigToken, _ key: ConfigKey) -> String? {
        if token.hasControlByte {
            diagnostics.error(location(token), "\(key.name): the value contains a control character")
            return nil
        }
        guard let s = validString(token.start, token.end) else {
            diagnostics.error(location(token), "\(key.name): the value is not valid UTF-8 text")
            return nil
        }
        return s
    }

    /// An interface name or alias (`eth0`, `eth0:1`), at most 15 bytes as the kernel allows.
    func readDevice(_ token: ConfigToken, _ key: ConfigKey) -> String? {
        guard let s = readText(token, key) else { return nil }
        let bytes = Array(s.utf8)
        guard !bytes.isEmpty, bytes.count <= 15,
            !bytes.contains(where: { $0 == UInt8(ascii: "/") || $0 == 0x20 || $0 == 0x09 })
        else {
            diagnostics.error(
                location(token),
                "\(key.name): invalid interface name \(shown(token)) (expected a device such as eth0:1, at most 15 characters)"
            )
            return nil
        }
        return s
    }

    /// Whether a dotted text has a part written with a leading zero (`010.0.0.1`), which
    /// `inet_aton` reads as octal.
    static func hasLeadingZeroOctet(_ text: String) -> Bool {
        var atPartStart = true
        var previousWasLeadingZero = false
        for b in text.utf8 {
            if b == UInt8(ascii: ".") {
                atPartStart = true
                previousWasLeadingZero = false
                continue
            }
            if previousWasLeadingZero, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) { return true }
            previousWasLeadingZero = atPartStart && b == UInt8(ascii: "0")
            atPartStart = false
        }
        return false
    }

    static func isServiceNameByte(_ b: UInt8) -> Bool {
        isLetter(b) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b)
            || b == UInt8(ascii: "-") || b == UInt8(ascii: "_") || b == UInt8(ascii: ".") || b == UInt8(ascii: "+")
    }

    static func isLetter(_ b: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(b) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(b)
    }

    static func isHostNameByte(_ b: UInt8) -> Bool {
        isLetter(b) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b)
            || b == UInt8(ascii: "-") || b == UInt8(ascii: "_") || b == UInt8(ascii: ".")
    }

    /// Bytes of the numeric forms `inet_aton` accepts: digits, dots, and hex with `0x`.
    static func isNumericAddressByte(_ b: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) || b == UInt8(ascii: ".")
            || b == UInt8(ascii: "x") || b == UInt8(ascii: "X")
            || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(b)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(b)
    }
}
