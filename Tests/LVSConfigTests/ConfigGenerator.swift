import Addressing
@testable import LVSConfig

/// Random, valid, normalised configs for the property tests: every value is one the renderer
/// can write and the parser reads back to the same model.
struct ConfigGenerator {
    var rng: SplitMix64

    init(seed: UInt64) { rng = SplitMix64(seed: seed) }

    mutating func int(_ r: ClosedRange<Int>) -> Int { Int.random(in: r, using: &rng) }
    mutating func bool() -> Bool { Bool.random(using: &rng) }
    mutating func maybe<T>(_ make: (inout ConfigGenerator) -> T) -> T? { bool() ? make(&self) : nil }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }

    mutating func ipv4() -> IPAddress {
        .v4(IPv4Address(UInt8(int(1...223)), UInt8(int(0...255)), UInt8(int(0...255)), UInt8(int(1...254))))
    }

    mutating func ipv6() -> IPAddress {
        .v6(IPv6Address(high: 0x2001_0db8_0000_0000 | UInt64(int(0...0xffff)), low: UInt64(int(1...0xffff_ffff))))
    }

    mutating func address(_ family: AddressFamily) -> IPAddress { family == .inet ? ipv4() : ipv6() }

    mutating func mask(_ family: AddressFamily, maxPrefix: Int? = nil) -> AddressMask {
        family == .inet
            ? .v4(IPv4Netmask(prefixLength: int(1...(maxPrefix ?? 32)))!)
            : .v6(prefixLength: int(1...(maxPrefix ?? 128)))
    }

    mutating func duration() -> Duration { .milliseconds(int(1...100_000)) }

    mutating func device() -> String { pick(["eth0", "eth1:1", "eth0:12", "bond0.100", "ens3"]) }

    /// Text with blanks, quotes (of one kind), backslash escapes, '#', '=', braces and UTF-8.
    mutating func text() -> String {
        let pieces = [
            "GET", " ", "/", "HTTP/1.0", "\\r\\n", "\\\"", "'", "\"", "#", "=", "{", "}", "é", "ok", "\t", "%h", "%p",
            "*", "[", "]",
        ]
        var s = ""
        for _ in 0..<int(0...6) { s += pick(pieces) }
        if s.contains("'") && s.contains("\"") { s = s.replacingOccurrences("'", "") }
        return s
    }

    mutating func name(_ used: inout Set<String>) -> String {
        while true {
            let n = pick(["www", "mail", "[server_name]", "my service", "dns-1", "x", "éclair"]) + String(int(0...99))
            if used.insert(n).inserted { return n }
        }
    }

    mutating func check(full: Bool) -> HealthCheckSettings {
        var c = HealthCheckSettings()
        c.send = maybe { $0.text() }
        c.expect = maybe { $0.text() }
        c.sendProgram = maybe { $0.text() }
        c.timeout = .seconds(int(1...1000))
        c.reentry = .seconds(int(1...1000))
        if full {
            c.useRegex = bool()
            c.quiesceServer = bool()
            c.loadMonitor = maybe { $0.pick(["uptime", "rup", "ruptime", "none"]) }
            c.clientMonitor = maybe { _ in "/usr/sbin/nanny" }
        }
        return c
    }

    mutating func virtualService(_ names: inout Set<String>) -> VirtualService {
        var v = VirtualService(name: name(&names))
        v.active = bool()
        let family: AddressFamily = bool() ? .inet : .inet6
        if int(0...5) > 0 {
            v.vip = VirtualIP(address: address(family), device: device(), netmask: maybe { $0.mask(family) })
            if bool() {
                v.persistence = Persistence(
                    timeout: UInt32(int(1...100_000)),
                    netmask: maybe { $0.mask(family, maxPrefix: family == .inet ? 31 : 127) })
            }
            v.sorryServer = maybe { $0.address(family) }
        }
        v.transportProtocol = pick(VirtualService.TransportProtocol.allCases)
        v.port = UInt16(int(1...65535))
        v.firewallMark = maybe { UInt32($0.int(1...Int(UInt32.max))) }
        v.scheduler = pick(VirtualService.Scheduler.allCases)
        v.check = check(full: true)
        var serverNames = Set<String>()
        for _ in 0..<int(0...4) {
            var s = RealServer(name: name(&serverNames))
            s.address = maybe { $0.address(family) }
            s.port = bool() ? v.port : UInt16(int(1...65535))
            s.weight = int(0...65535)
            s.active = bool()
            v.servers.append(s)
        }
        return v
    }

    mutating func failoverService(_ names: inout Set<String>) -> FailoverService {
        var f = FailoverService(name: name(&names))
        f.active = bool()
        if bool() {
            let family: AddressFamily = bool() ? .inet : .inet6
            f.vip = VirtualIP(address: address(family), device: device(), netmask: maybe { $0.mask(family) })
        }
        f.port = UInt16(int(1...65535))
        f.check = check(full: false)
        f.startCommand = maybe { $0.text() }
        f.stopCommand = maybe { $0.text() }
        return f
    }

    mutating func vrrp() -> VRRPSettings {
        var v = VRRPSettings()
        v.virtualRouterID = maybe { UInt8($0.int(1...255)) }
        v.version = maybe { $0.pick(VRRPSettings.Version.allCases) }
        v.primaryPriority = UInt8(int(1...254))
        v.backupPriority = UInt8(int(1...254))
        v.advertInterval = int(1...4095)
        v.preempt = bool()
        v.preemptDelay = int(0...1000)
        for _ in 0..<int(0...3) {
            let peer = ipv4()
            if !v.unicastPeers.contains(peer) { v.unicastPeers.append(peer) }
        }
        v.checksum = pick(VRRPSettings.ChecksumMode.allCases)
        return v
    }

    mutating func config() -> LVSConfig {
        var c = LVSConfig()
        c.serialNumber = int(0...1_000_000)
        c.service = bool() ? .lvs : .fos
        let p = ipv4()
        c.primary = DirectorAddresses(
            publicAddress: p, privateAddress: bool() ? p : ipv4(), sharedDevice: maybe { _ in "/dev/sdb" })
        let b = maybe { $0.ipv4() }
        c.backup = DirectorAddresses(
            publicAddress: b, privateAddress: bool() ? b : ipv4(), sharedDevice: maybe { $0.text() })
        c.backupActive = bool()
        c.heartbeat = HeartbeatSettings(
            port: UInt16(int(1...65535)), keepalive: duration(), deadtime: duration(),
            wireProtocol: pick(HeartbeatSettings.WireProtocol.allCases),
            keyFile: maybe { _ in "/etc/sysconfig/ha/key" })
        c.network = pick(LVSConfig.ForwardingMethod.allCases)
        c.natRouter = maybe { g in
            let family: AddressFamily = g.bool() ? .inet : .inet6
            return NATRouter(address: g.address(family), device: g.device(), netmask: g.maybe { $0.mask(family) })
        }
        c.rshCommand = pick(["rsh", "ssh", "/usr/bin/ssh -q"])
        c.ipvsadmPath = pick(["/sbin/ipvsadm", "/usr/sbin/ipvsadm"])
        c.reservationConflictAction = maybe { $0.pick(LVSConfig.ReservationConflictAction.allCases) }
        c.activeCommand = maybe { $0.text() }
        c.inactiveCommand = maybe { $0.text() }
        c.monitorLinks = bool()
        c.syncDaemon = SyncDaemonSettings(enabled: bool(), interface: device(), syncID: UInt8(int(0...255)))
        c.ipvsTimeouts = ConnectionTimeoutSettings(
            tcp: UInt32(int(0...100_000)), tcpFin: UInt32(int(0...100_000)), udp: UInt32(int(0...100_000)))
        c.hardShutdown = bool()
        c.gratuitousARP = GratuitousARPSettings(count: int(0...100), interval: duration())
        c.vrrp = vrrp()
        var names = Set<String>()
        for _ in 0..<int(0...4) { c.virtualServices.append(virtualService(&names)) }
        names = []
        for _ in 0..<int(0...2) { c.failoverServices.append(failoverService(&names)) }
        return c
    }
}
