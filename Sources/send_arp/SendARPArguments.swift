#if canImport(Glibc)
import Glibc
#endif
import Addressing

/// send_arp's command line, in Piranha's two forms:
///
/// - `send_arp [-i dev] src_ip_addr src_hw_addr targ_ip_addr targ_hw_addr`: one Piranha frame, a
///   gratuitous ARP reply announcing `src_ip_addr` at `src_hw_addr`, sent to `targ_hw_addr` (the
///   device defaults to `eth0`; `targ_ip_addr` is checked but, as in Piranha, not used).
/// - `send_arp -i dev ip_addr`: looks up `dev`'s MAC and announces `ip_addr` with a gratuitous
///   ARP request and reply (IPv4) or an unsolicited neighbour advertisement (IPv6).
enum SendARPArguments: Equatable {
    case piranha(device: String, address: IPv4Address, mac: MACAddress, destination: MACAddress)
    case lookup(device: String, address: IPAddress)

    static let usage =
        "usage: send_arp [-i dev] src_ip_addr src_hw_addr targ_ip_addr targ_hw_addr | send_arp -i dev ip_addr"

    static let help = """
        send_arp: sends out a gratuitous ARP (or, for IPv6, an unsolicited neighbour advertisement).
        \(usage)

          send_arp [-i dev] src_ip_addr src_hw_addr targ_ip_addr targ_hw_addr
              Piranha's form: one ARP reply announcing src_ip_addr at src_hw_addr, sent to
              targ_hw_addr (use ffffffffffff for broadcast); dev defaults to eth0; targ_ip_addr
              is not used. Hardware addresses: 12 hex digits, or aa:bb:cc:dd:ee:ff.
          send_arp -i dev ip_addr
              Announces ip_addr at dev's own MAC address: an ARP request and an ARP reply for
              IPv4, an unsolicited neighbour advertisement to ff02::1 for IPv6.

        Needs CAP_NET_RAW (run as root). Exit status: 0 sent, 1 failed, 2 bad arguments.

        """

    /// Parses the arguments after the program name; the error is the one line to print.
    static func parse(_ arguments: [String]) throws(ArgumentError) -> SendARPArguments? {
        if arguments == ["-h"] || arguments == ["--help"] { return nil }
        var rest = arguments[...]
        var device: String?
        if rest.first == "-i" {
            rest = rest.dropFirst()
            guard let name = rest.first else { throw ArgumentError("-i needs a device name") }
            guard !name.isEmpty, !name.hasPrefix("-") else {
                throw ArgumentError("-i needs a device name, got \"\(name)\"")
            }
            device = name
            rest = rest.dropFirst()
        }
        if let option = rest.first(where: { $0.hasPrefix("-") && $0.count > 1 && IPAddress($0) == nil }) {
            throw ArgumentError("unknown option \"\(option)\"; \(usage)")
        }
        switch (device, rest.count) {
        case (.some(let device), 1):
            let text = rest.first!
            guard
                let address = IPAddress(text) ?? IPv4Address(inetAton: text).map(IPAddress.v4)
                    ?? resolve(text).map(IPAddress.v4)
            else {
                throw ArgumentError(
                    "bad ip_addr \"\(text)\": not an IPv4 or IPv6 address, nor a host name that resolves")
            }
            return .lookup(device: device, address: address)
        case (_, 4):
            let values = Array(rest)
            let address = try ipv4(values[0], name: "src_ip_addr")
            let mac = try hardware(values[1], name: "src_hw_addr")
            _ = try ipv4(values[2], name: "targ_ip_addr")
            let destination = try hardware(values[3], name: "targ_hw_addr")
            return .piranha(device: device ?? "eth0", address: address, mac: mac, destination: destination)
        default:
            let count = rest.count + (device == nil ? 0 : 2)
            throw ArgumentError("\(count) argument\(count == 1 ? "" : "s") given; \(usage)")
        }
    }

    private static func ipv4(_ text: String, name: String) throws(ArgumentError) -> IPv4Address {
        if let address = IPv4Address(inetAton: text) ?? resolve(text) { return address }
        throw ArgumentError("bad \(name) \"\(text)\": not an IPv4 address, nor a host name that resolves")
    }

    private static func hardware(_ text: String, name: String) throws(ArgumentError) -> MACAddress {
        if let mac = MACAddress(text) { return mac }
        throw ArgumentError("bad \(name) \"\(text)\": 12 hex digits expected, e.g. 001122aabbcc or 00:11:22:aa:bb:cc")
    }

    /// A host name's first IPv4 address (Piranha called gethostbyname).
    private static func resolve(_ name: String) -> IPv4Address? {
        guard !name.isEmpty, name.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7f }) else { return nil }
        var hints = addrinfo()
        hints.ai_family = AF_INET
        hints.ai_socktype = Int32(SOCK_DGRAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(name, nil, &hints, &result) == 0, let first = result else { return nil }
        defer { freeaddrinfo(result) }
        guard let raw = first.pointee.ai_addr, first.pointee.ai_family == AF_INET else { return nil }
        return raw.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
            IPv4Address(UInt32(bigEndian: $0.pointee.sin_addr.s_addr))
        }
    }
}

/// A bad command line: the one line to print.
struct ArgumentError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
