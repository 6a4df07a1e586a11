import Addressing
import IPVS

/// ipvsadm 1.31's table listings (`-L` and its variants) and rules (`-S`), byte for byte:
/// the same format strings, trailing blanks, truncations and number scaling.
struct ListingPrinter {
    let format: ListingFormat
    let resolver: AdminNameLookup
    /// Debian's ipvsadm 1.31 prints firewall marks with `%d` (negative from 2^31); the upstream
    /// fix after 1.31 uses `%u`.
    var signedFirewallMarks = true

    /// `IP Virtual Server version 1.2.1 (size=4096)`.
    func header(_ info: IPVSInfo, into out: inout OutputBuffer) {
        let v = info.versionComponents
        out.text(
            "IP Virtual Server version \(v.major).\(v.minor).\(v.patch) (size=\(Int32(bitPattern: info.connectionTableSize)))\n"
        )
    }

    /// `print_title`.
    func title(into out: inout OutputBuffer) {
        if format.contains(.stats) {
            columnsTitle(["Conns", "InPkts", "OutPkts", "InBytes", "OutBytes"], into: &out)
        } else if format.contains(.rate) {
            columnsTitle(["CPS", "InPPS", "OutPPS", "InBPS", "OutBPS"], into: &out)
        } else if format.contains(.thresholds) {
            out.left("Prot LocalAddress:Port", 33)
            for name in ["Uthreshold", "Lthreshold", "ActiveConn", "InActConn"] {
                out.text(" ")
                out.left(name, 10)
            }
            out.text("\n  -> RemoteAddress:Port\n")
        } else if format.contains(.persistentConnections) {
            out.left("Prot LocalAddress:Port", 33)
            out.text(" ")
            out.left("Weight", 9)
            out.text(" ")
            out.left("PersistConn", 11)
            out.text(" ")
            out.left("ActiveConn", 10)
            out.text(" ")
            out.left("InActConn", 10)
            out.text("\n  -> RemoteAddress:Port\n")
        } else if format.contains(.tunnelInfo) {
            out.text("Prot LocalAddress:Port Scheduler Flags\n")
            out.text("  -> RemoteAddress:Port           Forward TunnelInfo    Weight ActiveConn InActConn\n")
        } else if !format.contains(.rule) {
            out.text("Prot LocalAddress:Port Scheduler Flags\n")
            out.text("  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n")
        }
    }

    private func columnsTitle(_ names: [String], into out: inout OutputBuffer) {
        out.left("Prot LocalAddress:Port", 33)
        for name in names {
            out.text(" ")
            out.right(name, 8)
        }
        out.text("\n  -> RemoteAddress:Port\n")
    }

    /// `print_service_entry`: the service line, then its destinations (sorted unless `--nosort`).
    func entry(_ service: IPVSService, destinations: [IPVSDestination], into out: inout OutputBuffer) {
        let name = serviceName(service.identity)
        let flags = service.flags
        let exact = format.contains(.exact)
        let stats = service.statistics ?? IPVSStatistics()
        if format.contains(.rule) {
            out.text("-A \(name) -s \(service.scheduler.rawValue)")
            if flags.contains(.persistent) {
                out.text(" -p \(service.persistenceTimeout)")
                out.text(maskText(service, prefix: " -M "))
            }
            if let engine = service.persistenceEngine, !engine.isEmpty { out.text(" --pe \(engine)") }
            if flags.contains(.onePacket) { out.text(" -o") }
            if !flags.intersection(.schedulerFlags).isEmpty {
                out.text(" -b ")
                out.text(schedulerFlagWords(service))
            }
        } else if format.contains(.stats) || format.contains(.rate) {
            out.left(name, 33)
            let values =
                format.contains(.stats)
                ? [
                    stats.connections, stats.incomingPackets, stats.outgoingPackets, stats.incomingBytes,
                    stats.outgoingBytes,
                ]
                : [
                    stats.connectionsPerSecond, stats.incomingPacketsPerSecond, stats.outgoingPacketsPerSecond,
                    stats.incomingBytesPerSecond, stats.outgoingBytesPerSecond,
                ]
            for v in values { out.largeNumber(v, exact: exact) }
        } else {
            out.text("\(name) \(service.scheduler.rawValue)")
            if !flags.intersection(.schedulerFlags).isEmpty { out.text(" (\(schedulerFlagWords(service)))") }
            if flags.contains(.persistent) {
                out.text(" persistent \(service.persistenceTimeout)")
                out.text(maskText(service, prefix: " mask "))
                if let engine = service.persistenceEngine, !engine.isEmpty { out.text(" pe \(engine)") }
            }
            if flags.contains(.onePacket) { out.text(" ops") }
        }
        out.newline()

        let ordered =
            format.contains(.noSort) ? destinations : IPVSSortOrder.sorted(destinations, by: IPVSSortOrder.compare)
        let proto: IPVSProtocol? = if case .address(let p, _, _) = service.identity { p } else { nil }
        for d in ordered { destinationLine(d, service: name, protocol: proto, into: &out) }
    }

    private func destinationLine(
        _ d: IPVSDestination, service: String, protocol proto: IPVSProtocol?, into out: inout OutputBuffer
    ) {
        var name = addressAndPort(d.address, d.port, proto)
        if !format.contains(.rule), d.address.family != .inet6 { name = Self.cut(name, 28) }
        let weight = d.weight
        // ipvsadm 1.31 reads a destination's 64-bit counters with its 32-bit reader: all but the
        // byte counts lose their high half.
        let s = d.statistics ?? IPVSStatistics()
        func low(_ v: UInt64) -> UInt64 { v & 0xFFFF_FFFF }
        let exact = format.contains(.exact)
        if format.contains(.rule) {
            out.text("-a \(service) -r \(name) \(switchText(d.forwarding)) -w \(weight)")
            if d.forwarding == .tunnel {
                switch d.tunnel.type {
                case .gre: out.text(" --tun-type gre \(checksumOption(d.tunnel.checksum))")
                case .gue: out.text(" --tun-type gue --tun-port \(d.tunnel.port) \(checksumOption(d.tunnel.checksum))")
                case .ipip: out.text(" --tun-type ipip")
                }
            }
            out.newline()
        } else if format.contains(.stats) {
            out.text("  -> ")
            out.left(name, 28)
            for v in [
                low(s.connections), low(s.incomingPackets), low(s.outgoingPackets), s.incomingBytes, s.outgoingBytes,
            ] {
                out.largeNumber(v, exact: exact)
            }
            out.newline()
        } else if format.contains(.rate) {
            out.text("  -> ")
            out.left(name, 28)
            for v in [s.connectionsPerSecond, s.incomingPacketsPerSecond, s.outgoingPacketsPerSecond] {
                out.text(" ")
                out.right(String(low(v)), 8)
            }
            out.largeNumber(low(s.incomingBytesPerSecond), exact: exact)
            out.largeNumber(low(s.outgoingBytesPerSecond), exact: exact)
            out.newline()
        } else if format.contains(.thresholds) {
            out.text("  -> ")
            out.left(name, 28)
            for v in [d.upperThreshold, d.lowerThreshold, d.activeConnections, d.inactiveConnections] {
                out.text(" ")
                out.left(String(v), 10)
            }
            out.newline()
        } else if format.contains(.persistentConnections) {
            out.text("  -> ")
            out.left(name, 28)
            out.text(" ")
            out.left(String(UInt32(bitPattern: weight)), 9)
            out.text(" ")
            out.left(String(d.persistentConnections), 11)
            out.text(" ")
            out.left(String(d.activeConnections), 10)
            out.text(" ")
            out.left(String(d.inactiveConnections), 10)
            out.newline()
        } else {
            out.text("  -> ")
            out.left(name, 28)
            out.text(" ")
            out.left(d.forwarding.description, 7)
            if format.contains(.tunnelInfo) {
                out.text(" ")
                out.left(tunnelInfo(d), 13)
            }
            out.text(" ")
            out.left(String(weight), 6)
            out.text(" ")
            out.left(String(d.activeConnections), 10)
            out.text(" ")
            out.left(String(d.inactiveConnections), 10)
            out.newline()
        }
    }

    /// `svc_name`: `TCP  10.0.0.100:80` (cut to 33 for IPv4), `FWM  42`, or `-t 10.0.0.100:80` in rules.
    func serviceName(_ identity: IPVSServiceIdentity) -> String {
        switch identity {
        case .firewallMark(let mark, let family):
            let number = signedFirewallMarks ? String(Int32(bitPattern: mark)) : String(mark)
            if format.contains(.rule) { return family == .inet6 ? "-f \(number) -6" : "-f \(number)" }
            return family == .inet6 ? "FWM  \(number) IPv6" : "FWM  \(number)"
        case .address(let proto, let address, let port):
            let endpoint = addressAndPort(address, port, proto)
            if format.contains(.rule) {
                let option: String
                switch proto {
                case .tcp: option = "-t"
                case .udp: option = "-u"
                case .sctp: option = "--sctp-service"
                default: option = "--xxx-service"
                }
                return "\(option) \(endpoint)"
            }
            var protoName = proto.description
            while protoName.utf8.count < 4 { protoName += " " }
            let name = "\(protoName) \(endpoint)"
            return address.family == .inet6 ? name : Self.cut(name, 33)
        }
    }

    /// `addrport_to_anyname`: numeric with `-n`, names otherwise; at most 59 bytes.
    func addressAndPort(_ address: IPAddress, _ port: UInt16, _ proto: IPVSProtocol?) -> String {
        let text: String
        if format.contains(.numeric) {
            text = "\(address.bracketedDescription):\(port)"
        } else {
            let host = resolver.name(of: address)
            let service = resolver.name(ofPort: port, protocol: proto)
            text = address.family == .inet6 ? "[\(host)]:\(service)" : "\(host):\(service)"
        }
        return Self.cut(text, 59)
    }

    private func maskText(_ service: IPVSService, prefix: String) -> String {
        switch service.netmask {
        case .ipv4(let mask) where service.identity.family == .inet && mask.value != 0xFFFF_FFFF:
            prefix + mask.description
        case .ipv6(let length) where service.identity.family == .inet6 && length != 128:
            prefix + String(Int32(bitPattern: length))
        default:
            ""
        }
    }

    /// `print_sched_flags`: the words for the scheduler (sh-…, mh-…, or flag-N).
    private func schedulerFlagWords(_ service: IPVSService) -> String {
        let f = service.flags
        var words: [String] = []
        switch service.scheduler.rawValue {
        case "sh":
            if f.contains(.scheduler1) { words.append("sh-fallback") }
            if f.contains(.scheduler2) { words.append("sh-port") }
        case "mh":
            if f.contains(.scheduler1) { words.append("mh-fallback") }
            if f.contains(.scheduler2) { words.append("mh-port") }
        default:
            if f.contains(.scheduler1) { words.append("flag-1") }
            if f.contains(.scheduler2) { words.append("flag-2") }
            if f.contains(.scheduler3) { words.append("flag-3") }
        }
        return words.joined(separator: ",")
    }

    private func switchText(_ method: IPVSForwardingMethod) -> String {
        switch method {
        case .masquerade: "-m"
        case .tunnel: "-i"
        case .local, .directRoute: "-g"
        }
    }

    private func checksumOption(_ checksum: IPVSTunnelChecksum) -> String {
        switch checksum {
        case .none: "--tun-nocsum"
        case .checksum: "--tun-csum"
        case .remoteChecksum: "--tun-remcsum"
        }
    }

    private func checksumWord(_ checksum: IPVSTunnelChecksum) -> String {
        switch checksum {
        case .none: "-c"
        case .checksum: "+c"
        case .remoteChecksum: "r+c"
        }
    }

    /// `fwd_tun_info`: `ipip`, `gue:PORT:FLAGS`, `gre:FLAGS`, or `n/a`.
    private func tunnelInfo(_ d: IPVSDestination) -> String {
        guard d.forwarding == .tunnel else { return "n/a" }
        switch d.tunnel.type {
        case .ipip: return "ipip"
        case .gue: return "gue:\(d.tunnel.port):\(checksumWord(d.tunnel.checksum))"
        case .gre: return "gre:\(checksumWord(d.tunnel.checksum))"
        }
    }

    /// A C string cut at `length` bytes (`buf[length] = '\0'`).
    static func cut(_ text: String, _ length: Int) -> String {
        let utf8 = text.utf8
        return utf8.count <= length ? text : String(decoding: utf8.prefix(length), as: UTF8.self)
    }
}
