import Addressing
import CheckVocabulary
import DaemonSupport

/// A bad nanny command line: the flag and what is wrong with it.
public struct NannyUsageError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The flag as the user wrote it, or its canonical spelling (`-t/--interval`).
    public var flag: String
    /// What is wrong.
    public var message: String

    /// An error about `flag` (empty for a stray argument).
    public init(flag: String, message: String) {
        self.flag = flag
        self.message = message
    }

    public var description: String {
        if flag.isEmpty { return message }
        // "-t/--interval needs a value", but "-t/--interval: \"x\" is not a number of seconds".
        let verbPhrase = ["is ", "needs ", "takes "].contains { message.hasPrefix($0) }
        return verbPhrase ? "\(flag) \(message)" : "\(flag): \(message)"
    }
}

/// What nanny was asked to do.
public enum NannyCommand: Equatable, Sendable {
    /// Check a server.
    case run(NannyOptions)
    /// Print the help text.
    case help
    /// Print the version.
    case version
}

/// Parses nanny's arguments the way popt did: `-t 10`, `-t10`, `--interval 10`,
/// `--interval=10`, bundled flags (`-nq`), `--` to end options; the last of a repeated flag wins.
public enum NannyCommandLine {
    /// The version line.
    public static let version = SuiteVersion.line(for: "nanny")

    private enum Key: String, CaseIterable {
        case interval, ipvsadm, loadcmd, method, nodaemon, nofork, port, rport, reentrytime, scale, server
        case sendProgram = "send_program", sendString = "send_string", expectString = "expect_string"
        case regex, suppress, quiesce = "quiesce_server", udp, verbose, virtaddress, fwmark, weight
        case testStart = "test-start", norun, version, lvs, fos, help, usage
        case reportFD = "report-fd", logSocket = "log-socket", slowStart = "slow-start", loadPeriod = "load-period"
        case check, rise, fall, tlsVerify = "tls-verify"
        case httpMethod = "http-method", httpPath = "http-path", httpHost = "http-host", httpStatus = "http-status"
        case httpRegex = "http-regex", httpDigest = "http-digest", tlsServerName = "tls-server-name"
        case tlsCAFile = "tls-ca-file", dnsName = "dns-name", dnsType = "dns-type", dnsRcode = "dns-rcode"
        case dnsAnswer = "dns-answer", smtpHelo = "smtp-helo"

        var short: Character? {
            switch self {
            case .interval: "t"
            case .ipvsadm: "I"
            case .loadcmd: "U"
            case .method: "M"
            case .nodaemon: "n"
            case .nofork: "c"
            case .port: "p"
            case .rport: "r"
            case .reentrytime: "a"
            case .scale: "S"
            case .server: "h"
            case .sendProgram: "e"
            case .sendString: "s"
            case .expectString: "x"
            case .suppress: "T"
            case .quiesce: "q"
            case .udp: "u"
            case .verbose: "v"
            case .virtaddress: "V"
            case .fwmark: "f"
            case .weight: "w"
            case .help: "?"
            default: nil
            }
        }

        var takesValue: Bool {
            switch self {
            case .interval, .ipvsadm, .loadcmd, .method, .port, .rport, .reentrytime, .scale, .server,
                .sendProgram, .sendString, .expectString, .virtaddress, .fwmark, .weight, .reportFD,
                .logSocket, .slowStart, .loadPeriod, .check, .rise, .fall, .httpMethod, .httpPath, .httpHost,
                .httpStatus,
                .httpRegex, .httpDigest, .tlsServerName, .tlsCAFile, .dnsName, .dnsType, .dnsRcode, .dnsAnswer,
                .smtpHelo:
                true
            default:
                false
            }
        }

        var name: String { short.map { "-\($0)/--\(rawValue)" } ?? "--\(rawValue)" }
    }

    /// Parses `arguments` (without `argv[0]`).
    public static func parse(_ arguments: [String]) throws(NannyUsageError) -> NannyCommand {
        var values: [(Key, String?)] = []
        var index = 0
        func value(for key: Key, attached: String?) throws(NannyUsageError) -> String {
            if let attached { return attached }
            index += 1
            guard index < arguments.count else { throw NannyUsageError(flag: key.name, message: "needs a value") }
            return arguments[index]
        }
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" {
                if index + 1 < arguments.count {
                    throw NannyUsageError(flag: "", message: "unexpected argument \"\(arguments[index + 1])\"")
                }
                break
            }
            if argument.hasPrefix("--") {
                let body = argument.dropFirst(2)
                let (name, attached) =
                    body.firstIndex(of: "=").map { (body[..<$0], Optional(String(body[body.index(after: $0)...]))) }
                    ?? (body, nil)
                guard let key = Key(rawValue: String(name)) else {
                    throw NannyUsageError(flag: "--\(name)", message: "unknown option (see nanny --help)")
                }
                if key.takesValue {
                    values.append((key, try value(for: key, attached: attached)))
                } else {
                    if attached != nil { throw NannyUsageError(flag: key.name, message: "takes no value") }
                    values.append((key, nil))
                }
            } else if argument.hasPrefix("-") && argument.count > 1 {
                var letters = Substring(argument.dropFirst())
                while let letter = letters.popFirst() {
                    guard let key = Key.allCases.first(where: { $0.short == letter }) else {
                        throw NannyUsageError(flag: "-\(letter)", message: "unknown option (see nanny --help)")
                    }
                    if key.takesValue {
                        values.append((key, try value(for: key, attached: letters.isEmpty ? nil : String(letters))))
                        break
                    }
                    values.append((key, nil))
                }
            } else {
                throw NannyUsageError(flag: "", message: "unexpected argument \"\(argument)\"")
            }
            index += 1
        }
        return try build(values)
    }

    private static func build(_ values: [(Key, String?)]) throws(NannyUsageError) -> NannyCommand {
        if values.contains(where: { $0.0 == .help || $0.0 == .usage }) { return .help }
        if values.contains(where: { $0.0 == .version }) { return .version }
        guard let serverText = values.last(where: { $0.0 == .server })?.1 else {
            throw NannyUsageError(flag: "-h/--server", message: "is required (the real server's address)")
        }
        guard let server = IPAddress(serverText) else {
            throw NannyUsageError(flag: "-h/--server", message: "\"\(serverText)\" is not an IPv4 or IPv6 address")
        }
        var options = NannyOptions(server: server)
        for (key, text) in values {
            let value = text ?? ""
            switch key {
            case .interval: options.interval = try seconds(value, key, allowZero: false)
            case .reentrytime: options.reentry = try seconds(value, key, allowZero: true)
            case .slowStart:
                let step = try seconds(value, key, allowZero: true)
                options.slowStartStep = step == .zero ? nil : step
            case .loadPeriod: options.loadPeriod = try seconds(value, key, allowZero: false)
            case .port: options.port = try number(value, key, in: 0...65535)
            case .rport: options.realPort = try number(value, key, in: 1...65535)
            case .weight: options.weight = try number(value, key, in: 0...Int(Int32.max))
            case .scale: options.scale = try number(value, key, in: 0...Int(Int32.max))
            case .fwmark: options.firewallMark = try number(value, key, in: 0...UInt32.max)
            case .reportFD: options.reportDescriptor = try number(value, key, in: 3...Int32.max)
            case .server: break
            case .virtaddress:
                guard let address = IPAddress(value) else {
                    throw NannyUsageError(flag: key.name, message: "\"\(value)\" is not an IPv4 or IPv6 address")
                }
                options.virtualAddress = address
            case .method:
                let letter = value.hasPrefix("-") ? String(value.dropFirst()) : value
                guard let method = NannyOptions.ForwardingMethod(rawValue: letter) else {
                    throw NannyUsageError(flag: key.name, message: "\"\(value)\" is not m, g or i")
                }
                options.method = method
            case .sendString: options.send = value
            case .expectString: options.expect = value
            case .sendProgram:
                guard value.contains(where: { $0 != " " && $0 != "\t" }) else {
                    throw NannyUsageError(flag: key.name, message: "is empty")
                }
                options.sendProgram = value
            case .ipvsadm: options.ipvsadmPath = value
            case .loadcmd:
                guard let monitor = LoadMonitorCommand(value) else {
                    throw NannyUsageError(
                        flag: key.name,
                        message: "\"\(value)\" is not a load command: use \(LoadMonitorCommand.accepted)")
                }
                options.loadMonitor = monitor
            case .logSocket:
                guard !value.isEmpty else { throw NannyUsageError(flag: key.name, message: "is empty") }
                options.logSocket = value
            case .regex: options.regex = true
            case .suppress: options.suppressEscapes = true
            case .udp: options.udp = true
            case .quiesce: options.quiesce = true
            case .verbose: options.verbose = true
            case .nodaemon: options.foreground = true
            case .nofork: options.compatibilityFlags.append("-c")
            case .testStart, .norun, .lvs: options.compatibilityFlags.append("--\(key.rawValue)")
            case .fos: options.failoverService = true
            case .help, .usage, .version: break
            case .check:
                guard let type = HealthCheckType(rawValue: value) else {
                    throw NannyUsageError(
                        flag: key.name, message: "\"\(value)\" is not tcp, udp, http, https, tls, dns, smtp or program")
                }
                options.checkType = type
            case .rise: options.riseFall.rise = try number(value, key, in: 1...RiseFall.limit)
            case .fall: options.riseFall.fall = try number(value, key, in: 1...RiseFall.limit)
            case .tlsVerify: options.protocolCheck.tlsVerify = true
            case .httpMethod, .httpPath, .httpHost, .httpStatus, .httpRegex, .httpDigest, .tlsServerName, .tlsCAFile,
                .dnsName, .dnsType, .dnsRcode, .dnsAnswer, .smtpHelo:
                do {
                    // The keys of these flags are spelled as ProtocolCheckSettings' fields.
                    try options.protocolCheck.set(ProtocolCheckSettings.Field(rawValue: key.rawValue)!, to: value)
                } catch {
                    throw NannyUsageError(flag: key.name, message: error.message(value: "\"\(value)\""))
                }
            }
        }
        if options.checkedPort == 0 {
            throw NannyUsageError(flag: "-p/--port", message: "0 is not a port to check; give -r/--rport")
        }
        if options.regex {
            guard let expect = options.expect, !expect.isEmpty else {
                throw NannyUsageError(flag: "--regex", message: "needs an expected pattern (-x/--expect_string)")
            }
            do { _ = try POSIXRegex(expect) } catch {
                throw NannyUsageError(flag: Key.expectString.name, message: "\(error)")
            }
        }
        return .run(options)
    }

    /// A decimal number of seconds: `10`, `0.5` (at most nanosecond precision).
    private static func seconds(_ text: String, _ key: Key, allowZero: Bool) throws(NannyUsageError) -> Duration {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = parts[0]
        let fraction = parts.count > 1 ? parts[1] : ""
        let isDigits = { (part: Substring) in part.allSatisfy { $0.isASCII && $0.isNumber } }
        guard !whole.isEmpty, isDigits(whole), isDigits(fraction), fraction.count <= 9,
            !(parts.count > 1 && fraction.isEmpty),
            let seconds = Int64(whole), seconds <= 31_536_000
        else {
            throw NannyUsageError(flag: key.name, message: "\"\(text)\" is not a number of seconds")
        }
        let nanoseconds = Int64(fraction.paddedToNanoseconds()) ?? 0
        let duration = Duration.seconds(seconds) + .nanoseconds(nanoseconds)
        if duration == .zero && !allowZero {
            throw NannyUsageError(flag: key.name, message: "must be more than 0 seconds")
        }
        return duration
    }

    private static func number<Value: FixedWidthInteger>(
        _ text: String, _ key: Key, in range: ClosedRange<Value>
    ) throws(NannyUsageError) -> Value {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Value(text),
            range.contains(value)
        else {
            throw NannyUsageError(
                flag: key.name, message: "\"\(text)\" is not a number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }
}

extension Substring {
    /// The digits right-padded with zeros to nine (a fraction of a second as nanoseconds).
    fileprivate func paddedToNanoseconds() -> String {
        String(self) + String(repeating: "0", count: Swift.max(0, 9 - count))
    }
}
