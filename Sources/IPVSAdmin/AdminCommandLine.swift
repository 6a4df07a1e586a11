#if canImport(Glibc)
import Glibc
#endif
import Addressing
import IPVS

/// Reads one ipvsadm command line into an ``AdminRequest``: ipvsadm 1.31's `parse_options` and
/// `process_options` checks, in their order and with their messages, so the same bad input
/// fails the same way.
struct AdminCommandLine {
    /// `MAX_TIMEOUT`: 31 days.
    static let maximumTimeout = 86400 * 31
    /// `IPVS_SVC_PERSISTENT_TIMEOUT`: `-p` without a value.
    static let defaultPersistence: UInt32 = 360

    private var popt: PoptParser
    private let program: String
    private let resolver: AdminNameLookup
    private var command = AdminCommand.list
    private var options: UInt64 = 0
    private var format: ListingFormat = []
    private var service = ServiceArgument()
    private var destination = DestinationArgument()
    private var timeouts = IPVSTimeouts(tcp: 0, tcpFin: 0, udp: 0)
    private var daemonRole = IPVSSyncDaemonRole.master
    private var daemon = IPVSSyncDaemon(role: .master, interface: "")
    private var schedulerFlags = ""

    /// Reads `words` (the program name first).
    ///
    /// - Parameters:
    ///   - readingStandardInput: true for lines of a `-R` stream, where `-R` is refused.
    ///   - posixlyCorrect: popt's `POSIXLY_CORRECT` mode.
    static func parse(
        _ words: [String], resolver: AdminNameLookup, readingStandardInput: Bool = false, posixlyCorrect: Bool = false
    ) -> Result<AdminRequest, AdminFailure> {
        var line = AdminCommandLine(
            popt: PoptParser(words: words, posixlyCorrect: posixlyCorrect), program: words.first ?? "ipvsadm",
            resolver: resolver)
        do throws(AdminFailure) {
            return .success(try line.run(readingStandardInput: readingStandardInput))
        } catch {
            return .failure(error)
        }
    }

    private init(popt: PoptParser, program: String, resolver: AdminNameLookup) {
        self.popt = popt
        self.program = program
        self.resolver = resolver
    }

    private mutating func run(readingStandardInput: Bool) throws(AdminFailure) -> AdminRequest {
        guard case .option(let first, let argument)? = popt.nextEvent() else { throw .tryHelp(program) }
        switch first {
        case .addService: command = .addService
        case .editService: command = .editService
        case .deleteService: command = .deleteService
        case .addServer: command = .addServer
        case .editServer: command = .editServer
        case .deleteServer: command = .deleteServer
        case .clear: command = .flush
        case .list: command = .list
        case .zero: command = .zero
        case .set: command = .setTimeouts
        case .restore: command = .restore
        case .save: command = .save
        case .startDaemon, .stopDaemon:
            let start = first == .startDaemon
            command = start ? .startDaemon : .stopDaemon
            switch argument {
            case "master": daemonRole = .master
            case "backup": daemonRole = .backup
            default:
                throw .validation(start ? "illegal start-daemon parameter specified" : "illegal start_daemon specified")
            }
        case .help: return .help
        case .version: return .version
        default: throw .tryHelp(program)
        }

        while let event = popt.nextEvent() {
            switch event {
            case .unknownOption: throw .popt(popt.lastWord, "unknown option")
            case .missingArgument: throw .popt(popt.lastWord, "missing argument")
            case .option(let option, let argument): try apply(option, argument)
            }
        }

        if command == .setTimeouts {
            guard let tcp = popt.nextArgument(), let fin = popt.nextArgument(), let udp = popt.nextArgument() else {
                throw .validation("--set option requires 3 timeout values")
            }
            timeouts = IPVSTimeouts(
                tcp: try Self.timeout(tcp, minimum: 0), tcpFin: try Self.timeout(fin, minimum: 0),
                udp: try Self.timeout(udp, minimum: 0))
        }
        if let extra = popt.nextArgument() { throw .validation("unexpected argument \(extra)") }
        if !schedulerFlags.isEmpty {
            service.flags &= ~IPVSServiceFlags.schedulerFlags.rawValue
            service.flags |= try Self.schedulerFlags(schedulerFlags, scheduler: service.scheduler)
        }
        return try checkedRequest(readingStandardInput: readingStandardInput)
    }

    private mutating func set(_ column: OptionColumn) throws(AdminFailure) {
        if options & column.bit != 0 { throw .validation("multiple '\(column.name)' options specified") }
        options |= column.bit
    }

    private mutating func apply(_ option: AdminOption, _ argument: String?) throws(AdminFailure) {
        let text = argument ?? ""
        switch option {
        case .tcpService, .udpService, .sctpService:
            try set(.service)
            service.protocolNumber = option == .tcpService ? 6 : option == .udpService ? 17 : 132
            if service.parse(text, resolver: resolver) & ServiceArgument.addressParsed == 0 {
                throw .validation("illegal virtual server address[:port] specified")
            }
        case .fwmarkService:
            try set(.service)
            service.family = UInt16(AF_INET)
            service.protocolNumber = 6
            guard let mark = CNumber.firewallMark(text) else {
                throw .validation("invalid fwmark value `\(text)' specified")
            }
            service.firewallMark = mark
        case .scheduler:
            try set(.scheduler)
            service.scheduler = Self.prefix(text, bytes: 15)
        case .persistent:
            try set(.persistent)
            service.flags |= IPVSServiceFlags.persistent.rawValue
            service.timeout =
                try argument.map { (a: String) throws(AdminFailure) in try Self.timeout(a, minimum: 1) }
                ?? Self.defaultPersistence
        case .netmask:
            try set(.netmask)
            if service.family != UInt16(AF_INET6) {
                guard let mask = IPv4Address(inetAton: text) ?? resolver.ipv4Address(ofHost: text) else {
                    throw .validation("illegal virtual server persistent mask specified")
                }
                service.netmask = mask.value
            } else {
                service.netmask = UInt32(bitPattern: CNumber.atoi(text))
                if service.netmask < 1 || service.netmask > 128 { throw .validation("illegal ipv6 netmask specified") }
            }
        case .realServer:
            try set(.server)
            var parsed = service
            let result = parsed.parse(text, resolver: resolver)
            destination.family = parsed.family
            destination.address = parsed.address
            destination.port = parsed.port
            if result & ServiceArgument.addressParsed == 0 {
                throw .validation("illegal real server address[:port] specified")
            }
            if result == ServiceArgument.addressParsed { destination.port = service.port }
        case .ipip, .gatewaying, .masquerading:
            try set(.forward)
            destination.forwarding =
                (option == .ipip ? IPVSForwardingMethod.tunnel : option == .gatewaying ? .directRoute : .masquerade)
                .rawValue
        case .weight:
            try set(.weight)
            // Debian's ipvsadm 1.31 takes weights up to INT_MAX (its patch for bug #814348); upstream, 65535.
            guard let n = CNumber.number(text, in: 0...Int(Int32.max)) else {
                throw .validation("illegal weight specified")
            }
            destination.weight = n
        case .upperThreshold:
            try set(.upperThreshold)
            guard let n = CNumber.number(text, in: 0...Int(Int32.max)) else {
                throw .validation("illegal u_threshold specified")
            }
            destination.upperThreshold = n
        case .lowerThreshold:
            try set(.lowerThreshold)
            guard let n = CNumber.number(text, in: 0...Int(Int32.max)) else {
                throw .validation("illegal l_threshold specified")
            }
            destination.lowerThreshold = n
        case .connection: try set(.connection)
        case .numeric:
            try set(.numeric)
            format.insert(.numeric)
        case .mcastInterface:
            try set(.mcastInterface)
            daemon.interface = Self.prefix(text, bytes: 15)
        case .syncID:
            try set(.syncID)
            guard let n = CNumber.number(text, in: 0...255) else { throw .validation("illegal syncid specified") }
            daemon.syncID = UInt32(n)
        case .timeout: try set(.timeout)
        case .daemon: try set(.daemon)
        case .stats: try set(.stats); format.insert(.stats)
        case .rate: try set(.rate); format.insert(.rate)
        case .thresholds: try set(.thresholds); format.insert(.thresholds)
        case .persistentConn: try set(.persistentConn); format.insert(.persistentConnections)
        case .noSort: try set(.noSort); format.insert(.noSort)
        case .sort: break
        case .exact: try set(.exact); format.insert(.exact)
        case .ipv6:
            guard service.firewallMark != 0 else { throw .validation("-6 used before -f\n") }
            service.family = UInt16(AF_INET6)
            service.netmask = 128
        case .ops:
            try set(.ops)
            service.flags |= IPVSServiceFlags.onePacket.rawValue
        case .persistenceEngine:
            try set(.persistenceEngine)
            service.persistenceEngine = Self.prefix(text, bytes: 16)
        case .schedulerFlags:
            try set(.schedulerFlags)
            schedulerFlags = Self.prefix(text, bytes: 127)
        case .mcastGroup:
            try set(.mcastGroup)
            if text.contains(":") {
                guard let group = IPv6Address(text), group.isMulticast else {
                    throw .validation("invalid IPv6 mcast-group `\(text)'")
                }
                daemon.group = .v6(group)
            } else {
                guard let group = Self.strictIPv4(text), group.isMulticast else {
                    throw .validation("invalid IPv4 mcast-group `\(text)'")
                }
                daemon.group = .v4(group)
            }
        case .mcastPort:
            try set(.mcastPort)
            guard let n = CNumber.number(text, in: 1...65535) else { throw .validation("illegal mcast-port specified") }
            daemon.port = UInt16(n)
        case .mcastTTL:
            try set(.mcastTTL)
            guard let n = CNumber.number(text, in: 1...255) else { throw .validation("illegal mcast-ttl specified") }
            daemon.ttl = UInt8(n)
        case .syncMaxLength:
            try set(.syncMaxLength)
            guard let n = CNumber.number(text, in: 1...(65535 - 20 - 8)) else {
                throw .validation("illegal sync-maxlen specified")
            }
            daemon.maximumLength = UInt16(n)
        case .tunnelInfo: try set(.tunnelInfo); format.insert(.tunnelInfo)
        case .tunnelType:
            try set(.tunnelType)
            guard let type = ["ipip", "gue", "gre"].firstIndex(of: text) else {
                throw .validation("illegal tunnel type specified")
            }
            destination.tunnelType = type
        case .tunnelPort:
            try set(.tunnelPort)
            guard let n = CNumber.number(text, in: 1...65535) else {
                throw .validation("illegal tunnel port specified")
            }
            destination.tunnelPort = UInt16(n)
        case .tunnelNoChecksum: try set(.tunnelNoChecksum)
        case .tunnelChecksum:
            try set(.tunnelChecksum)
            destination.tunnelFlags |= IPVSTunnelChecksum.checksum.rawValue
        case .tunnelRemoteChecksum:
            try set(.tunnelRemoteChecksum)
            destination.tunnelFlags |= IPVSTunnelChecksum.remoteChecksum.rawValue
        case .addService, .editService, .deleteService, .clear, .list, .zero, .addServer, .editServer, .deleteServer,
            .set, .help, .version, .restore, .save, .startDaemon, .stopDaemon:
            throw .validation("invalid option `\(popt.lastWord)'")
        }
    }

    private func has(_ column: OptionColumn) -> Bool { options & column.bit != 0 }

    /// `process_options` after parsing: the matrix, then each command's own checks.
    private mutating func checkedRequest(readingStandardInput: Bool) throws(AdminFailure) -> AdminRequest {
        if let message = OptionMatrix.check(command, options: options) { throw .validation(message) }
        if command == .addService || command == .editService {
            if service.firewallMark == 0, service.port == 0, service.flags & IPVSServiceFlags.persistent.rawValue == 0 {
                throw .validation("Zero port specified for non-persistent service")
            }
            if service.flags & IPVSServiceFlags.onePacket.rawValue != 0, service.firewallMark == 0,
                service.protocolNumber != IPVSProtocol.udp.rawValue
            {
                throw .validation("One-Packet Scheduling is only for UDP virtual services")
            }
            if service.scheduler.isEmpty { service.scheduler = "wlc" }
        }
        if command == .startDaemon, daemon.interface.isEmpty { daemon.interface = "eth0" }
        let method = destination.forwarding & IPVSForwardingMethod.mask
        if command == .addServer || command == .editServer {
            let tunnel = IPVSForwardingMethod.tunnel.rawValue
            if service.firewallMark == 0, method == tunnel || method == IPVSForwardingMethod.directRoute.rawValue {
                destination.port = service.port
            }
            if destination.family != service.family, method != tunnel {
                throw .validation("Different address family is allowed only for tunneling servers")
            }
            let tunnelOptions: [OptionColumn] = [
                .tunnelType, .tunnelPort, .tunnelNoChecksum, .tunnelChecksum, .tunnelRemoteChecksum,
            ]
            if tunnelOptions.contains(where: has), method != tunnel {
                throw .validation("Tunnel options conflict with forward method")
            }
            if let message = OptionMatrix.checkTunnel(type: destination.tunnelType, options: options) {
                throw .validation(message)
            }
        }
        let identity = service.identity
        switch command {
        case .list:
            if (has(.connection) || has(.timeout) || has(.daemon)) && (has(.stats) || has(.rate) || has(.thresholds))
                || (has(.timeout) || has(.daemon)) && has(.persistentConn)
            {
                throw .validation("options conflicts in the list command")
            }
            if has(.connection) { return .listConnections(format) }
            if has(.service), let identity { return .listService(identity, format) }
            if has(.timeout) { return .listTimeouts }
            if has(.daemon) { return .listDaemons }
            return .listAll(format)
        case .restore:
            if readingStandardInput { throw .tryHelp(program) }
            return .restore
        case .save:
            return .save(format.union(.rule))
        case .flush:
            return .change(.flush)
        case .addService:
            return .change(.addService(service.service(identity: identity!)))
        case .editService:
            return .change(.editService(service.service(identity: identity!)))
        case .deleteService:
            return .change(.deleteService(identity!))
        case .zero:
            return .change(.zero(service.isAllZero ? nil : identity))
        case .addServer:
            return .change(.addDestination(destination.destination, service: identity!))
        case .editServer:
            return .change(.editDestination(destination.destination, service: identity!))
        case .deleteServer:
            let d = destination.destination
            return .change(.deleteDestination(d.identity, service: identity!))
        case .setTimeouts:
            return .change(.setTimeouts(timeouts))
        case .startDaemon:
            daemon.role = daemonRole
            return .change(.startDaemon(daemon))
        case .stopDaemon:
            return .change(.stopDaemon(daemonRole))
        }
    }

    /// `parse_timeout`: `minimum`…31 days.
    private static func timeout(_ text: String, minimum: Int) throws(AdminFailure) -> UInt32 {
        guard let n = CNumber.number(text, in: minimum...maximumTimeout) else {
            throw .validation("invalid timeout value `\(text)' specified")
        }
        return UInt32(n)
    }

    /// `parse_sched_flags`: a comma list, checked against the scheduler (default `wlc`).
    private static func schedulerFlags(_ list: String, scheduler: String) throws(AdminFailure) -> UInt32 {
        let scheduler = scheduler.isEmpty ? "wlc" : scheduler
        let words = list.split(separator: ",")
        guard !words.isEmpty else { throw .validation("invalid scheduler flag `'") }
        var flags: UInt32 = 0
        for word in words {
            let bit: IPVSServiceFlags
            var needs: String?
            switch word {
            case "flag-1": bit = .scheduler1
            case "flag-2": bit = .scheduler2
            case "flag-3": bit = .scheduler3
            case "sh-fallback": bit = .scheduler1; needs = "sh"
            case "sh-port": bit = .scheduler2; needs = "sh"
            case "mh-fallback": bit = .scheduler1; needs = "mh"
            case "mh-port": bit = .scheduler2; needs = "mh"
            default: throw .validation("invalid scheduler flag `\(word)'")
            }
            flags |= bit.rawValue
            if let needs, needs != scheduler { throw .validation("incompatible scheduler flag `\(word)'") }
        }
        return flags
    }

    /// `strncpy` into a fixed buffer: at most `bytes` bytes of the text.
    private static func prefix(_ text: String, bytes: Int) -> String {
        let utf8 = text.utf8
        return utf8.count <= bytes ? text : String(decoding: utf8.prefix(bytes), as: UTF8.self)
    }

    /// `inet_pton(AF_INET, …)`: a plain dotted quad.
    private static func strictIPv4(_ text: String) -> IPv4Address? {
        var raw = in_addr()
        guard text.withCString({ inet_pton(AF_INET, $0, &raw) }) == 1 else { return nil }
        return IPv4Address(UInt32(bigEndian: raw.s_addr))
    }
}
