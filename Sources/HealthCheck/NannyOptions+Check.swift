import Addressing
import CheckVocabulary

extension NannyOptions {
    /// The check these options describe: `--check`, or as Piranha chose: an external program
    /// (`-e`), UDP (`-u`) or TCP, with send and expect translated (unless `-T`); Piranha's HTTP
    /// probe on port 80 when nothing else is configured. TLS contexts are made here, so a bad CA
    /// file is refused at once.
    public func makeCheck() throws(NannyUsageError) -> any HealthCheck {
        let endpoint = SocketAddress(address: server, port: checkedPort)
        switch effectiveCheckType {
        case .tcp, .udp, .program:
            return try makeSendExpectCheck(endpoint)
        case .http, .https:
            return try makeHTTPCheck(endpoint, tls: effectiveCheckType == .https)
        case .tls:
            let check: TLSCheck
            do {
                check = try TLSCheck(endpoint: endpoint, settings: tlsSettings)
            } catch {
                throw NannyUsageError(flag: "--tls-server-name", message: "\(error)")
            }
            try prepare { () throws(TLSSetupError) in try check.prepareTLS() }
            return check
        case .dns:
            return try makeDNSCheck(endpoint)
        case .smtp:
            do {
                return try SMTPCheck(endpoint: endpoint, heloName: protocolCheck.smtpHelo)
            } catch {
                throw NannyUsageError(flag: "--smtp-helo", message: "\(error)")
            }
        }
    }

    private func makeDNSCheck(_ endpoint: SocketAddress) throws(NannyUsageError) -> DNSCheck {
        let settings = protocolCheck
        let type = settings.dnsType ?? .soa
        var name = DomainName.root
        if let text = settings.dnsName {
            do { name = try DomainName(parsing: text) } catch {
                throw NannyUsageError(flag: "--dns-name", message: "\(error)")
            }
        }
        var answer: DNSExpectedAnswer?
        if let text = settings.dnsAnswer {
            do { answer = try DNSExpectedAnswer(parsing: text, for: type) } catch {
                throw NannyUsageError(flag: "--dns-answer", message: "\(error)")
            }
        }
        return DNSCheck(
            endpoint: endpoint, name: name, type: type, expectedCode: settings.dnsRcode ?? .noError,
            expectedAnswer: answer)
    }

    /// SNI (`--tls-server-name`, else `--http-host`), verification and the CA file.
    var tlsSettings: TLSCheckSettings {
        TLSCheckSettings(
            serverName: protocolCheck.tlsServerName ?? protocolCheck.httpHost,
            verifyCertificate: protocolCheck.tlsVerify == true, caFile: protocolCheck.tlsCAFile)
    }

    private func makeHTTPCheck(_ endpoint: SocketAddress, tls: Bool) throws(NannyUsageError) -> HTTPCheck {
        let settings = protocolCheck
        var regex: POSIXRegex?
        if let pattern = settings.httpRegex {
            do { regex = try POSIXRegex(pattern) } catch {
                throw NannyUsageError(flag: "--http-regex", message: "\(error)")
            }
        }
        var digest: MD5Digest?
        if let hex = settings.httpDigest {
            do { digest = try MD5Digest(hex: hex) } catch {
                throw NannyUsageError(flag: "--http-digest", message: "\(error)")
            }
        }
        let check: HTTPCheck
        do {
            check = try HTTPCheck(
                endpoint: endpoint, method: settings.httpMethod ?? .get, path: settings.httpPath ?? "/",
                host: settings.httpHost, expectedStatus: settings.httpStatus ?? .successful, bodyRegex: regex,
                expectedDigest: digest, tls: tls ? tlsSettings : nil)
        } catch {
            throw NannyUsageError(flag: "--check", message: "\(error)")
        }
        if tls { try prepare { () throws(TLSSetupError) in try check.prepareTLS() } }
        return check
    }

    private func prepare(_ body: () throws(TLSSetupError) -> Void) throws(NannyUsageError) {
        do { try body() } catch {
            throw NannyUsageError(
                flag: protocolCheck.tlsCAFile == nil ? "--check" : "--tls-ca-file", message: "\(error)")
        }
    }

    private func makeSendExpectCheck(_ endpoint: SocketAddress) throws(NannyUsageError) -> any HealthCheck {
        let translate: (String) -> [UInt8] = { suppressEscapes ? Array($0.utf8) : CheckEscapes.translate($0) }
        let sendBytes = send.map(translate) ?? []
        if effectiveCheckType == .program {
            guard let sendProgram else {
                throw NannyUsageError(flag: "--check", message: "program needs -e/--send_program")
            }
            let expected = expect.flatMap { $0.isEmpty ? nil : translate($0) }
            return ExternalProgramCheck(command: sendProgram, endpoint: endpoint, expect: expected)
        }
        let expectation: ReplyExpectation
        if regex, let expect {
            do { expectation = .regex(try POSIXRegex(expect)) } catch {
                throw NannyUsageError(flag: "-x/--expect_string", message: "\(error)")
            }
        } else if let expect, !expect.isEmpty {
            expectation = expect == "*" ? .anyReply : .prefix(translate(expect))
        } else {
            expectation = .nothing
        }
        if effectiveCheckType == .udp { return UDPCheck(endpoint: endpoint, send: sendBytes, expect: expectation) }
        if sendBytes.isEmpty, case .nothing = expectation, checkedPort == 80 {
            return TCPCheck.defaultHTTP(endpoint: endpoint)
        }
        return TCPCheck(endpoint: endpoint, send: sendBytes, expect: expectation)
    }
}
