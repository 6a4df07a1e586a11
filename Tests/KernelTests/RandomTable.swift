import Addressing
import IPVS

/// A random IPVS table for property tests: services of every kind with destinations, as ipvsadm
/// rules and as the model the kernel should hold afterwards.
struct RandomTable {
    /// SplitMix64: small, seedable, good enough to vary tables.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    let seed: UInt64
    private(set) var rules = ""
    private(set) var expected: [IPVSServiceIdentity: (service: IPVSService, destinations: [IPVSDestination])] = [:]
    private var random: Generator

    init(services count: Int, seed: UInt64) {
        self.seed = seed
        random = Generator(state: seed)
        while expected.count < count { addService() }
    }

    private mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }

    private mutating func ipv4() -> IPv4Address {
        // Unicast, not loopback (which the kernel turns into Local), not 0/8; all of the rest, so
        // that ipvsadm's wrapping comparator meets addresses 2^31 apart.
        while true {
            let a = UInt32.random(in: 0x0100_0000...0xDFFF_FFFF, using: &random)
            if a >> 24 != 127 { return IPv4Address(a) }
        }
    }

    private mutating func ipv6() -> IPv6Address {
        IPv6Address(
            high: 0x2001_0DB8_0000_0000 | UInt64.random(in: 0...0xFFFF_FFFF, using: &random),
            low: UInt64.random(in: 1...UInt64.max, using: &random))
    }

    private mutating func addService() {
        let schedulers = IPVSScheduler.standard
        let scheduler = schedulers.randomElement(using: &random)!
        let kind = Int.random(in: 0..<100, using: &random)
        let identity: IPVSServiceIdentity
        var words: [String]
        switch kind {
        case 0..<50:
            let a = ipv4()
            let p = UInt16.random(in: 1...65535, using: &random)
            identity = .address(.tcp, .v4(a), port: p)
            words = ["-t", "\(a):\(p)"]
        case 50..<65:
            let a = ipv4()
            let p = UInt16.random(in: 1...65535, using: &random)
            identity = .address(.udp, .v4(a), port: p)
            words = ["-u", "\(a):\(p)"]
        case 65..<70:
            let a = ipv4()
            let p = UInt16.random(in: 1...65535, using: &random)
            identity = .address(.sctp, .v4(a), port: p)
            words = ["--sctp-service", "\(a):\(p)"]
        case 70..<80:
            let m = UInt32.random(in: 1...0x7FFF_FFFF, using: &random)
            identity = .firewallMark(m, family: .inet)
            words = ["-f", "\(m)"]
        case 80..<85:
            let m = UInt32.random(in: 1...0x7FFF_FFFF, using: &random)
            identity = .firewallMark(m, family: .inet6)
            words = ["-f", "\(m)", "-6"]
        default:
            let a = ipv6()
            let p = UInt16.random(in: 1...65535, using: &random)
            let proto: IPVSProtocol = chance(50) ? .tcp : .udp
            identity = .address(proto, .v6(a), port: p)
            words = [proto == .tcp ? "-t" : "-u", "[\(a)]:\(p)"]
        }
        guard expected[identity] == nil else { return }
        var service = IPVSService(
            identity: identity, scheduler: scheduler, flags: .hashed, statistics: IPVSStatistics())
        words += ["-s", scheduler.rawValue]
        if chance(30) {
            service.flags.insert(.persistent)
            if chance(25) {
                words.append("-p")
                service.persistenceTimeout = 360
            } else {
                service.persistenceTimeout = UInt32.random(in: 1...2_678_400, using: &random)
                words += ["-p", "\(service.persistenceTimeout)"]
            }
            if chance(50) {
                if identity.family == .inet6 {
                    let length = UInt32.random(in: 1...128, using: &random)
                    service.netmask = .ipv6(prefixLength: length)
                    words += ["-M", "\(length)"]
                } else {
                    let mask = IPv4Netmask(prefixLength: Int.random(in: 8...32, using: &random))!
                    service.netmask = .ipv4(mask.address)
                    words += ["-M", "\(mask)"]
                }
            }
        }
        if case .address(.udp, _, _) = identity, chance(20) {
            service.flags.insert(.onePacket)
            words.append("-o")
        }
        if chance(5) {
            service.persistenceEngine = "sip"
            words += ["--pe", "sip"]
        }
        let flagWords: [(String, IPVSServiceFlags)] =
            switch scheduler.rawValue {
            case "sh": [("sh-fallback", .scheduler1), ("sh-port", .scheduler2)]
            case "mh": [("mh-fallback", .scheduler1), ("mh-port", .scheduler2)]
            default: [("flag-1", .scheduler1), ("flag-2", .scheduler2), ("flag-3", .scheduler3)]
            }
        if chance(scheduler == "sh" || scheduler == "mh" ? 50 : 10) {
            let chosen = flagWords.filter { _ in chance(60) }
            if !chosen.isEmpty {
                words += ["-b", chosen.map(\.0).joined(separator: ",")]
                for (_, flag) in chosen { service.flags.insert(flag) }
            }
        }
        let serviceWords = Array(words.prefix { $0 != "-s" })
        rules += "-A " + words.joined(separator: " ") + "\n"

        var destinations: [IPVSDestination] = []
        for _ in 0..<Int.random(in: 0...4, using: &random) {
            var method: IPVSForwardingMethod = [.masquerade, .directRoute, .tunnel].randomElement(using: &random)!
            var address: IPAddress = identity.family == .inet6 ? .v6(ipv6()) : .v4(ipv4())
            if method == .tunnel, chance(15) {
                address = identity.family == .inet6 ? .v6(ipv6()) : .v4(ipv4())
                if case .v4 = address, identity.family == .inet, chance(50) { address = .v6(ipv6()) }
            }
            if address.family != identity.family { method = .tunnel }
            let servicePort: UInt16 = if case .address(_, _, let p) = identity { p } else { 0 }
            var port = UInt16.random(in: 0...65535, using: &random)
            if identity.firewallMark == nil, method != .masquerade { port = servicePort }
            guard !destinations.contains(where: { $0.address == address && $0.port == port }) else { continue }
            var d = IPVSDestination(
                address: address, port: port, forwarding: method, weight: Int32.random(in: 0...1000, using: &random),
                statistics: IPVSStatistics())
            var dWords = ["-r", address.family == .inet6 ? "[\(address)]:\(port)" : "\(address):\(port)"]
            dWords.append(method == .masquerade ? "-m" : method == .tunnel ? "-i" : "-g")
            dWords += ["-w", "\(d.weight)"]
            if chance(20) {
                d.upperThreshold = UInt32.random(in: 1...100_000, using: &random)
                d.lowerThreshold = UInt32.random(in: 0...d.upperThreshold, using: &random)
                dWords += ["-x", "\(d.upperThreshold)", "-y", "\(d.lowerThreshold)"]
            }
            if method == .tunnel, chance(60) {
                switch Int.random(in: 0..<3, using: &random) {
                case 0:
                    dWords += ["--tun-type", "ipip"]
                case 1:
                    d.tunnel = IPVSTunnel(type: .gre, checksum: chance(50) ? .checksum : .none)
                    dWords += ["--tun-type", "gre", d.tunnel.checksum == .checksum ? "--tun-csum" : "--tun-nocsum"]
                default:
                    let checksum = IPVSTunnelChecksum.allCases.randomElement(using: &random)!
                    d.tunnel = IPVSTunnel(
                        type: .gue, port: UInt16.random(in: 1...65535, using: &random), checksum: checksum)
                    dWords += ["--tun-type", "gue", "--tun-port", "\(d.tunnel.port)"]
                    dWords.append(
                        checksum == .none ? "--tun-nocsum" : checksum == .checksum ? "--tun-csum" : "--tun-remcsum")
                }
            }
            destinations.insert(d, at: 0)
            rules += "-a " + (serviceWords + dWords).joined(separator: " ") + "\n"
        }
        expected[identity] = (service, destinations)
    }
}
