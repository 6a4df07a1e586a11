import Addressing

extension NannyOptions {
    /// The check these options describe: an external program (`-e`), UDP (`-u`) or TCP, with
    /// send and expect translated (unless `-T`); Piranha's HTTP probe on port 80 when nothing
    /// else is configured.
    public func makeCheck() throws(NannyUsageError) -> any HealthCheck {
        let endpoint = SocketAddress(address: server, port: checkedPort)
        let translate: (String) -> [UInt8] = { suppressEscapes ? Array($0.utf8) : CheckEscapes.translate($0) }
        let sendBytes = send.map(translate) ?? []
        if let sendProgram {
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
        if udp { return UDPCheck(endpoint: endpoint, send: sendBytes, expect: expectation) }
        if sendBytes.isEmpty, case .nothing = expectation, checkedPort == 80 {
            return TCPCheck.defaultHTTP(endpoint: endpoint)
        }
        return TCPCheck(endpoint: endpoint, send: sendBytes, expect: expectation)
    }
}
