import CheckVocabulary
/// Writes a model as lvs.cf text in a plain layout: global settings first, then the blocks, keys
/// indented by four spaces per level. Values equal to their default are left out, except the
/// keys an admin looks for first (`primary`, `service`, `backup_active`, `network`, `active`,
/// `address`, `port`, `scheduler`, `weight`). Parsing the text gives the same model back.
///
/// `LVSConfigDocument` uses the same settings when it adds a block for a model value.
public struct LVSConfigRenderer: Sendable {
    /// The indentation of one level.
    public var indent: String

    /// Creates a renderer.
    public init(indent: String = "    ") {
        self.indent = indent
    }

    /// The whole config as text, every line ending in LF.
    public func render(_ config: LVSConfig) throws(LVSConfigEditError) -> String {
        var out = ""
        for (key, value) in globalSettings(config) {
            out += try line(key, value, depth: 0, in: "the global settings")
        }
        for service in config.virtualServices {
            out += "\n"
            out += try block(service)
        }
        for service in config.failoverServices {
            out += "\n"
            out += try block(service)
        }
        return out
    }

    /// A `virtual` block with its servers.
    public func block(_ service: VirtualService) throws(LVSConfigEditError) -> String {
        let location = LVSConfigBlockPath.virtual(service.name).description
        var out = "virtual \(try name(service.name, location)) {\n"
        for (key, value) in settings(service) {
            out += try line(key, value, depth: 1, in: location)
        }
        for server in service.servers {
            let serverWhere = LVSConfigBlockPath.server(server.name, virtual: service.name).description
            out += "\(indent)server \(try name(server.name, serverWhere)) {\n"
            for (key, value) in settings(server, in: service) {
                out += try line(key, value, depth: 2, in: serverWhere)
            }
            out += "\(indent)}\n"
        }
        return out + "}\n"
    }

    /// A `failover` block.
    public func block(_ service: FailoverService) throws(LVSConfigEditError) -> String {
        let location = LVSConfigBlockPath.failover(service.name).description
        var out = "failover \(try name(service.name, location)) {\n"
        for (key, value) in settings(service) {
            out += try line(key, value, depth: 1, in: location)
        }
        return out + "}\n"
    }

    private func line(_ key: String, _ value: String, depth: Int, in location: String) throws(LVSConfigEditError)
        -> String
    {
        let k = ConfigKey(rawValue: key)!
        do {
            let text = try ConfigValueFormatter.tokens(for: k, value, inServiceBlock: depth == 1)
            return String(repeating: indent, count: depth) + "\(key) = \(text)\n"
        } catch {
            throw LVSConfigEditError(operation: "writing \(key) in \(location)", reason: error)
        }
    }

    private func name(_ name: String, _ location: String) throws(LVSConfigEditError) -> String {
        do {
            return try ConfigValueFormatter.token(name)
        } catch {
            throw LVSConfigEditError(operation: "writing \(location)", reason: error)
        }
    }

    /// The global settings that differ from their defaults, plus the essential ones.
    public func globalSettings(_ c: LVSConfig) -> [(key: String, value: String)] {
        let d = LVSConfig()
        var s: [(key: String, value: String)] = []
        func add(_ key: ConfigKey, _ value: String) { s.append((key.rawValue, value)) }
        if c.serialNumber != d.serialNumber { add(.serialNo, String(c.serialNumber)) }
        if let p = c.primary.publicAddress { add(.primary, p.description) }
        if let p = c.primary.privateAddress, p != c.primary.publicAddress { add(.primaryPrivate, p.description) }
        if let v = c.primary.sharedDevice { add(.primaryShared, v) }
        add(.service, c.service.rawValue)
        if let b = c.backup.publicAddress { add(.backup, b.description) }
        if let b = c.backup.privateAddress, b != c.backup.publicAddress { add(.backupPrivate, b.description) }
        if let v = c.backup.sharedDevice { add(.backupShared, v) }
        if !c.cluster.isActiveActive { add(.backupActive, c.backupActive ? "1" : "0") }
        if c.heartbeat.port != d.heartbeat.port { add(.heartbeatPort, String(c.heartbeat.port)) }
        if c.heartbeat.keepalive != d.heartbeat.keepalive { add(.keepalive, c.heartbeat.keepalive.configText) }
        if c.heartbeat.deadtime != d.heartbeat.deadtime { add(.deadtime, c.heartbeat.deadtime.configText) }
        if c.heartbeat.wireProtocol != d.heartbeat.wireProtocol {
            add(.heartbeatProtocol, c.heartbeat.wireProtocol.rawValue)
        }
        if let k = c.heartbeat.keyFile { add(.heartbeatKeyFile, k) }
        appendVRRP(c.vrrp, to: &s)
        add(.network, c.network.rawValue)
        if let r = c.natRouter {
            add(.natRouter, "\(r.address) \(r.device)")
            if let m = r.netmask { add(.natNmask, m.description) }
        }
        if c.rshCommand != d.rshCommand { add(.rshCommand, c.rshCommand) }
        if c.ipvsadmPath != d.ipvsadmPath { add(.ipvsadm, c.ipvsadmPath) }
        if let r = c.reservationConflictAction { add(.reservationConflictAction, r.rawValue) }
        if let a = c.activeCommand { add(.activeCmd, a) }
        if let a = c.inactiveCommand { add(.inactiveCmd, a) }
        if c.monitorLinks { add(.monitorLinks, "1") }
        if c.warmStandby != d.warmStandby { add(.warmStandby, c.warmStandby ? "1" : "0") }
        if c.syncDaemon.enabled { add(.syncdaemon, "1") }
        if c.syncDaemon.interface != d.syncDaemon.interface { add(.syncdIface, c.syncDaemon.interface) }
        if c.syncDaemon.syncID != d.syncDaemon.syncID { add(.syncdID, String(c.syncDaemon.syncID)) }
        if c.ipvsTimeouts.tcp != 0 { add(.tcpTimeout, String(c.ipvsTimeouts.tcp)) }
        if c.ipvsTimeouts.tcpFin != 0 { add(.tcpfinTimeout, String(c.ipvsTimeouts.tcpFin)) }
        if c.ipvsTimeouts.udp != 0 { add(.udpTimeout, String(c.ipvsTimeouts.udp)) }
        if c.hardShutdown != d.hardShutdown { add(.hardShutdown, c.hardShutdown ? "1" : "0") }
        appendCluster(c.cluster, to: &s)
        if c.gratuitousARP.count != d.gratuitousARP.count { add(.garpCount, String(c.gratuitousARP.count)) }
        if c.gratuitousARP.interval != d.gratuitousARP.interval {
            add(.garpInterval, c.gratuitousARP.interval.configText)
        }
        return s
    }

    /// The settings of a virtual block (without its servers).
    public func settings(_ v: VirtualService) -> [(key: String, value: String)] {
        let d = VirtualService(name: v.name)
        var s: [(key: String, value: String)] = []
        func add(_ key: ConfigKey, _ value: String) { s.append((key.rawValue, value)) }
        add(.active, v.active ? "1" : "0")
        if let vip = v.vip {
            add(.address, "\(vip.address) \(vip.device)")
            if let m = vip.netmask { add(.vipNmask, m.description) }
        }
        if let f = v.firewallMark { add(.fwmark, String(f)) }
        if v.transportProtocol != d.transportProtocol { add(.protocol, v.transportProtocol.rawValue) }
        add(.port, String(v.port))
        add(.scheduler, v.scheduler.rawValue)
        if !v.schedulerFlags.isEmpty { add(.schedulerFlags, v.schedulerFlags.map(\.rawValue).joined(separator: " ")) }
        if let p = v.persistence {
            add(.persistent, String(p.timeout))
            if let m = p.netmask { add(.pmask, m.description) }
        }
        if let sorry = v.sorryServer { add(.sorryServer, sorry.description) }
        appendCheck(v.check, full: true, to: &s)
        return s
    }

    /// The settings of a server block; `port` only when it differs from the service's.
    public func settings(_ r: RealServer, in service: VirtualService) -> [(key: String, value: String)] {
        var s: [(key: String, value: String)] = []
        if let a = r.address { s.append((ConfigKey.address.rawValue, a.description)) }
        s.append((ConfigKey.active.rawValue, r.active ? "1" : "0"))
        if r.port != service.port { s.append((ConfigKey.port.rawValue, String(r.port))) }
        s.append((ConfigKey.weight.rawValue, String(r.weight)))
        return s
    }

    /// The settings of a failover block.
    public func settings(_ f: FailoverService) -> [(key: String, value: String)] {
        var s: [(key: String, value: String)] = []
        func add(_ key: ConfigKey, _ value: String) { s.append((key.rawValue, value)) }
        add(.active, f.active ? "1" : "0")
        if let vip = f.vip {
            add(.address, "\(vip.address) \(vip.device)")
            if let m = vip.netmask { add(.vipNmask, m.description) }
        }
        add(.port, String(f.port))
        appendCheck(f.check, full: false, to: &s)
        if let c = f.startCommand { add(.startCmd, c) }
        if let c = f.stopCommand { add(.stopCmd, c) }
        return s
    }

    private func appendCheck(_ c: HealthCheckSettings, full: Bool, to s: inout [(key: String, value: String)]) {
        let d = HealthCheckSettings()
        func add(_ key: ConfigKey, _ value: String) { s.append((key.rawValue, value)) }
        if let v = c.send { add(.send, v) }
        if let v = c.expect { add(.expect, v) }
        if c.useRegex { add(.useRegex, "1") }
        if let v = c.sendProgram { add(.sendProgram, v) }
        if c.timeout != d.timeout { add(.timeout, c.timeout.configText) }
        if c.reentry != d.reentry { add(.reentry, c.reentry.configText) }
        appendCheckExtensions(c, to: &s)
        guard full else { return }
        if c.quiesceServer { add(.quiesceServer, "1") }
        if let v = c.loadMonitor { add(.loadMonitor, v) }
        if let v = c.clientMonitor { add(.clientMonitor, v) }
    }

    private func appendCheckExtensions(_ c: HealthCheckSettings, to s: inout [(key: String, value: String)]) {
        if let type = c.checkType { s.append((ConfigKey.checkType.rawValue, type.rawValue)) }
        for (field, value) in c.protocolCheck.fields {
            s.append((String(field.rawValue.map { $0 == "-" ? "_" : $0 }), value))
        }
        if let verify = c.protocolCheck.tlsVerify { s.append((ConfigKey.tlsVerify.rawValue, verify ? "1" : "0")) }
        if let rise = c.riseFall.rise { s.append((ConfigKey.rise.rawValue, String(rise))) }
        if c.riseFall.fall != RiseFall().fall { s.append((ConfigKey.fall.rawValue, String(c.riseFall.fall))) }
    }
}
