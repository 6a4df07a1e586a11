import CheckVocabulary

/// The health-check extension keys of `virtual` and `failover` blocks: their values as they are
/// read, and when the block closes, whether they fit together.
extension ConfigParseRun {
    /// Reads one health-check extension key into `check`; false when the value is refused (its
    /// diagnostic is already given).
    func applyCheckKey(_ key: ConfigKey, _ t: ConfigToken, into check: inout HealthCheckSettings) -> Bool {
        switch key {
        case .checkType:
            guard let v = readWord(t, key, HealthCheckType.self) else { return false }
            check.checkType = v
        case .httpMethod:
            guard let v = readWord(t, key, HTTPCheckMethod.self) else { return false }
            check.protocolCheck.httpMethod = v
        case .tlsVerify:
            guard let v = readBool(t, key) else { return false }
            check.protocolCheck.tlsVerify = v
        case .httpPath, .httpHost, .httpStatus, .httpRegex, .httpDigest, .tlsServerName, .tlsCAFile, .dnsName,
            .dnsType, .dnsRcode, .dnsAnswer, .smtpHelo:
            guard let s = readText(t, key), let field = key.protocolCheckField else { return false }
            do {
                try check.protocolCheck.set(field, to: s)
            } catch {
                diagnostics.error(location(t), "\(key.name): \(error.message(value: shown(t)))")
                return false
            }
        case .rise, .fall:
            guard let n = readInteger(t, key, 1...Int64(RiseFall.limit), key.expectation) else { return false }
            if key == .rise { check.riseFall.rise = Int(n) } else { check.riseFall.fall = Int(n) }
        default:
            return false
        }
        return true
    }

    /// Checks that a closed block's check keys fit its check type and each other.
    func checkHealthCheckKeys(_ b: ServiceBlockBuilder) {
        let check = b.service.check
        let udp = b.service.transportProtocol == .udp && b.service.firewallMark == nil
        let type = check.effectiveCheckType(udp: udp)
        let source = b.source
        let typeAt = source.locationOrOpening(of: .checkType)
        if check.checkType != nil {
            if type.needsTCP, udp {
                diagnostics.error(
                    typeAt, "check_type: \(type.rawValue) needs TCP, but \(b.label) is a UDP service")
            }
            if type == .program, check.sendProgram == nil {
                diagnostics.error(typeAt, "check_type: program needs send_program (the program to run)")
            }
        }
        for key in ConfigKey.checkSettingKeys where source.location(of: key) != nil {
            let users = key.checkTypesUsing
            // Piranha's own keys keep Piranha's meaning (send_program overriding send…) unless
            // check_type asks for something else.
            let piranhaKey = [ConfigKey.send, .expect, .useRegex, .sendProgram].contains(key)
            guard !users.contains(type), !(piranhaKey && check.checkType == nil), let at = source.location(of: key)
            else { continue }
            let names = users.map(\.rawValue).joined(separator: ", ")
            diagnostics.error(
                at,
                "\(key.name): not used by check_type = \(type.rawValue)\(check.checkType == nil ? " (implied)" : ""); it applies to \(names)"
            )
        }
        let settings = check.protocolCheck
        if settings.httpMethod == .head, type == .http || type == .https {
            for key in [ConfigKey.httpRegex, .httpDigest] {
                if let at = source.location(of: key) {
                    diagnostics.error(at, "\(key.name): a HEAD request has no body to check (use http_method = GET)")
                }
            }
        }
        if let at = source.location(of: .tlsCAFile), settings.tlsVerify != true, type.usesTLS {
            diagnostics.error(at, "tls_ca_file: has no effect without tls_verify = 1")
        }
        if let answer = settings.dnsAnswer, let at = source.location(of: .dnsAnswer), type == .dns {
            do {
                _ = try DNSExpectedAnswer(parsing: answer, for: settings.dnsType ?? .soa)
            } catch {
                diagnostics.error(at, "dns_answer: \(error)")
            }
        }
        if let rise = check.riseFall.rise, let at = source.location(of: .reentry) {
            diagnostics.warning(
                at, "reentry: ignored: rise = \(rise) brings a failed server back after \(rise) passing checks instead")
        }
    }
}

extension ConfigKey {
    /// The keys whose meaning depends on the check type.
    static let checkSettingKeys: [ConfigKey] = [
        .send, .expect, .useRegex, .sendProgram, .httpMethod, .httpPath, .httpHost, .httpStatus, .httpRegex,
        .httpDigest, .tlsServerName, .tlsVerify, .tlsCAFile, .dnsName, .dnsType, .dnsRcode, .dnsAnswer, .smtpHelo,
    ]

    /// The field of ``ProtocolCheckSettings`` this key sets: the same name, with underscores.
    var protocolCheckField: ProtocolCheckSettings.Field? {
        ProtocolCheckSettings.Field(rawValue: String(rawValue.map { $0 == "_" ? "-" : $0 }))
    }

    /// The check types that read this key.
    var checkTypesUsing: [HealthCheckType] {
        switch self {
        case .send, .useRegex: [.tcp, .udp]
        case .expect: [.tcp, .udp, .program]
        case .sendProgram: [.program]
        case .httpMethod, .httpPath, .httpHost, .httpStatus, .httpRegex, .httpDigest: [.http, .https]
        case .tlsServerName, .tlsVerify, .tlsCAFile: [.https, .tls]
        case .dnsName, .dnsType, .dnsRcode, .dnsAnswer: [.dns]
        case .smtpHelo: [.smtp]
        default: HealthCheckType.allCases
        }
    }
}
