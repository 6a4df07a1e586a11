import Addressing

/// `virtual`, `failover` and `server` blocks (lvs-cf.md A.6–A.8).
extension ConfigParseRun {
    func applyServiceKey(
        _ key: ConfigKey, _ keyToken: ConfigToken, _ values: ArraySlice<ConfigToken>, _ equals: ConfigToken
    ) {
        guard var b = service else { return }
        defer { service = b }
        switch key {
        case .address:
            guard expectValues(values, 2, key, equals, expecting: "VIP DEVICE, such as 192.0.2.10 eth0:1") else {
                return
            }
            let v = Array(values)
            if let address = readHost(v[0], key), let device = readDevice(v[1], key) {
                b.service.vip = VirtualIP(address: address, device: device)
            }
            return
        case .dirs:
            let v = Array(values)
            if v.count < 2 || !isBare(v[0], "[") || !isBare(v[v.count - 1], "]") {
                diagnostics.error(
                    v.first.map(location) ?? location(equals), "dirs: list expected (write 'dirs = [ a b ]')")
            } else if v.count > 2 {
                diagnostics.warning(
                    location(keyToken),
                    "dirs: has no effect: directories are not copied to the other director (Piranha's file sync is not part of this suite)"
                )
            }
            return
        case .schedulerFlags:
            var flags: [VirtualService.SchedulerFlag] = []
            if values.isEmpty {
                diagnostics.error(
                    SourceLocation(line: lineNumber, column: equals.column + 2),
                    "\(key.name): missing value (expected \(key.expectation))")
            }
            for token in values {
                guard let flag = readWord(token, key, VirtualService.SchedulerFlag.self) else { continue }
                if !flags.contains(flag) { flags.append(flag) }
            }
            b.service.schedulerFlags = flags
            return
        case .expectProgram, .method, .deadtime, .heartbeat:
            diagnostics.warning(
                location(keyToken),
                "\(key.name): ignored: the Piranha GUI wrote this key into blocks, but Piranha never read it there")
            return
        case .master:
            guard expectValues(values, 1, key, equals, expecting: key.expectation) else { return }
            let t = values[values.startIndex]
            if t.count != 1 || bytes[t.start] != UInt8(ascii: "0"), let a = readHost(t, key), !a.isUnspecified {
                diagnostics.warning(
                    location(keyToken),
                    "master: has no effect: files are not copied from \(a) (Piranha's file sync is not part of this suite)"
                )
            }
            return
        default:
            break
        }
        guard expectValues(values, 1, key, equals, expecting: key.expectation, isText: key.isText) else { return }
        let t = values[values.startIndex]
        var applied = true
        switch key {
        case .active:
            if let v = readBool(t, key) { b.service.active = v } else { applied = false }
        case .vipNmask:
            if let m = readMask(t, key) { b.vipMask = m } else { applied = false }
        case .sorryServer:
            if let a = readHost(t, key) {
                if a.isUnspecified {
                    diagnostics.error(location(t), "sorry_server: invalid host name or ip address \(shown(t))")
                } else {
                    b.service.sorryServer = a
                }
            } else {
                applied = false
            }
        case .fwmark:
            if let n = readInteger(t, key, 1...Int64(UInt32.max), key.expectation) {
                b.service.firewallMark = UInt32(n)
            } else {
                applied = false
            }
        case .protocol:
            if let v = readWord(t, key, VirtualService.TransportProtocol.self) {
                b.service.transportProtocol = v
            } else {
                applied = false
            }
        case .port:
            if let p = readPort(t, key) { b.service.port = p } else { applied = false }
        case .scheduler:
            if let v = readWord(t, key, VirtualService.Scheduler.self) {
                b.service.scheduler = v
            } else {
                applied = false
            }
        case .persistent:
            if let n = readInteger(t, key, 0...Int64(Int32.max), key.expectation) {
                b.persistentTimeout = UInt32(n)
            } else {
                applied = false
            }
        case .pmask:
            if let m = readMask(t, key) { b.persistenceMask = m } else { applied = false }
        case .clientMonitor:
            if let s = readText(t, key) { b.service.check.clientMonitor = s } else { applied = false }
        case .send:
            if let s = readText(t, key) { b.service.check.send = s } else { applied = false }
        case .expect:
            if let s = readText(t, key) { b.service.check.expect = s } else { applied = false }
        case .useRegex:
            if let v = readBool(t, key) { b.service.check.useRegex = v } else { applied = false }
        case .sendProgram:
            if let s = readText(t, key) { b.service.check.sendProgram = s } else { applied = false }
        case .timeout:
            if let d = readSeconds(t, key, fractions: false) { b.service.check.timeout = d } else { applied = false }
        case .reentry:
            if let d = readSeconds(t, key, fractions: false) { b.service.check.reentry = d } else { applied = false }
        case .loadMonitor:
            if let s = readLoadMonitor(t, key) { b.service.check.loadMonitor = s } else { applied = false }
        case .quiesceServer:
            if let v = readBool(t, key) { b.service.check.quiesceServer = v } else { applied = false }
        case .startCmd:
            if let s = readText(t, key) { b.startCommand = s } else { applied = false }
        case .stopCmd:
            if let s = readText(t, key) { b.stopCommand = s } else { applied = false }
        default:
            applied = key.isCheckExtension && applyCheckKey(key, t, into: &b.service.check)
        }
        guard applied else { return }
        if b.kind == .failover, !key.isUsedByFailoverServices {
            diagnostics.warning(location(keyToken), "\(key.name): not used by failover services; ignored")
        } else if b.kind == .virtual, key == .startCmd || key == .stopCmd {
            diagnostics.warning(
                location(keyToken), "\(key.name): used by failover services only; ignored in a virtual block")
        }
    }

    func applyServerKey(
        _ key: ConfigKey, _ keyToken: ConfigToken, _ values: ArraySlice<ConfigToken>, _ equals: ConfigToken
    ) {
        guard var b = server else { return }
        defer { server = b }
        if key == .nmask {
            diagnostics.warning(
                location(keyToken),
                "nmask: ignored: the Piranha GUI wrote this key into server blocks, but Piranha never read it")
            return
        }
        let expecting = key == .address ? "an IP address" : key.expectation
        guard expectValues(values, 1, key, equals, expecting: expecting) else { return }
        let t = values[values.startIndex]
        switch key {
        case .address:
            if let a = readHost(t, key) { b.server.address = a }
        case .active:
            if let v = readBool(t, key) { b.server.active = v }
        case .port:
            if let p = readPort(t, key) {
                b.server.port = p
                b.portGiven = true
            }
        case .weight:
            if let n = readInteger(t, key, 0...65535, key.expectation) { b.server.weight = Int(n) }
        default:
            break
        }
    }

    /// Resolves a closed block's defaults and masks, and appends it to the model.
    func finishService(_ builder: ServiceBlockBuilder) {
        var b = builder
        let port = b.service.port
        // B.11: Piranha gave servers the port "as parsed so far"; the final port applies here.
        if let portAt = b.source.location(of: .port), let firstServer = b.firstServerLine, portAt.line > firstServer,
            b.servers.contains(where: { !$0.portGiven })
        {
            diagnostics.warning(
                portAt,
                "port: set after the server blocks; servers without their own port use \(port) (Piranha used the port in force when each server block was read)"
            )
        }
        for i in b.servers.indices where !b.servers[i].portGiven {
            b.servers[i].server.port = port
        }
        let family = b.service.vip?.address.family
        if let mask = b.vipMask {
            if let family {
                b.service.vip?.netmask = resolveMask(
                    mask, for: family, key: .vipNmask,
                    at: b.source.locationOrOpening(of: .vipNmask), what: "virtual")
            } else {
                diagnostics.warning(
                    b.source.locationOrOpening(of: .vipNmask), "vip_nmask: ignored: \(b.label) has no address")
            }
        }
        let pmaskAt = b.source.locationOrOpening(of: .pmask)
        if b.persistentTimeout > 0 {
            var mask: AddressMask?
            if let pmask = b.persistenceMask {
                // 255.255.255.255 (and /128) means one client address: no -M (as Piranha did).
                mask = resolveMask(
                    pmask, for: family ?? (pmask.isPrefix ? .inet6 : .inet), key: .pmask, at: pmaskAt, what: "virtual")
                if mask?.prefixLength == (mask?.family == .inet ? 32 : 128) { mask = nil }
            }
            b.service.persistence = Persistence(timeout: b.persistentTimeout, netmask: mask)
        } else if let pmask = b.persistenceMask, !pmask.meansSingleAddress {
            // Piranha ignored it (a published Squid pair ran with one for years).
            diagnostics.warning(
                pmaskAt, "pmask: has no effect without persistence (set persistent to a number of seconds to use it)")
        }
        checkHealthCheckKeys(b)
        guard !b.ignored else { return }
        switch b.kind {
        case .virtual:
            b.service.servers = b.servers.map(\.server)
            config.virtualServices.append(b.service)
            sources.virtuals.append(ServiceSource(block: b.source, servers: b.servers.map(\.source)))
        case .failover:
            var f = FailoverService(name: b.service.name)
            f.active = b.service.active
            f.vip = b.service.vip
            f.port = b.service.port
            f.check = b.service.check
            f.startCommand = b.startCommand
            f.stopCommand = b.stopCommand
            config.failoverServices.append(f)
            sources.failovers.append(ServiceSource(block: b.source))
        }
    }
}

extension MaskText {
    var isPrefix: Bool {
        if case .prefix = self { return true }
        return false
    }

    /// Whether the mask selects a single address (or nothing), so it changes nothing.
    var meansSingleAddress: Bool {
        switch self {
        case .none: true
        case .dotted(let m): m.prefixLength == 32
        case .prefix(let n): n == 128
        }
    }
}
