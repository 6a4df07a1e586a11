import Addressing
import IPVS

/// The services lvsd owns, as the text it keeps in `/run/lvsd/owned-services` so that a
/// restarted lvsd can delete a service an earlier one set up and lvs.cf no longer names.
///
/// One service per line, in the form ipvsadm lists them, sorted; `#` starts a comment line:
///
/// ```
/// TCP 192.0.2.10:80
/// UDP [2001:db8::1]:53
/// FWM 5
/// FWM 6 IPv6
/// ```
public enum OwnedServicesRecord {
    /// The text for `services`.
    public static func encode(_ services: Set<IPVSServiceIdentity>) -> String {
        var text = "# IPVS services owned by lvsd (written by lvsd, read when it starts)\n"
        for line in services.map(\.description).sorted() { text += line + "\n" }
        return text
    }

    /// The services in `text`; a line that is not a service is an error naming it.
    public static func decode(_ text: String) throws(OwnedServicesRecordError) -> Set<IPVSServiceIdentity> {
        var services: Set<IPVSServiceIdentity> = []
        for (index, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            .enumerated()
        {
            let line = raw.trimmingBlanks()
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let service = parse(line) else { throw OwnedServicesRecordError(line: index + 1, text: String(line)) }
            services.insert(service)
        }
        return services
    }

    private static func parse(_ line: Substring) -> IPVSServiceIdentity? {
        let fields = line.split(separator: " ")
        guard let kind = fields.first else { return nil }
        if kind == "FWM" {
            guard fields.count == 2 || (fields.count == 3 && fields[2] == "IPv6"),
                let mark = UInt32(fields[1]), mark > 0
            else { return nil }
            return .firewallMark(mark, family: fields.count == 3 ? .inet6 : .inet)
        }
        let transport: IPVSProtocol
        switch kind {
        case "TCP": transport = .tcp
        case "UDP": transport = .udp
        case "SCTP": transport = .sctp
        default: return nil
        }
        guard fields.count == 2, let colon = fields[1].lastIndex(of: ":"),
            let port = UInt16(fields[1][fields[1].index(after: colon)...])
        else { return nil }
        var host = fields[1][..<colon]
        if host.hasPrefix("[") && host.hasSuffix("]") {
            host = host.dropFirst().dropLast()
            guard let address = IPv6Address(host) else { return nil }
            return .address(transport, .v6(address), port: port)
        }
        guard let address = IPv4Address(host) else { return nil }
        return .address(transport, .v4(address), port: port)
    }
}

extension Substring {
    fileprivate func trimmingBlanks() -> Substring {
        var s = self
        while let first = s.first, first == " " || first == "\t" || first == "\r" { s = s.dropFirst() }
        while let last = s.last, last == " " || last == "\t" || last == "\r" { s = s.dropLast() }
        return s
    }
}
