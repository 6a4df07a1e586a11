import IPVS

/// lvsadm: ipvsadm 1.31's command line over the project's IPVS library. Same commands, options,
/// messages, output bytes and exit statuses, with two deliberate differences: `-R` checks every
/// line before it applies any (a bad line is named by its number and nothing is applied), and
/// changes go to the kernel pipelined instead of one socket per line.
public struct IPVSAdmin {
    /// `/proc/net/ip_vs_conn`, named in `-L -c` errors.
    static let connectionTablePath = "/proc/net/ip_vs_conn"

    private let environment: AdminEnvironment
    private let program: String
    private let resolver = AdminNameLookup()
    private var table: any IPVSTable
    private var info: IPVSInfo
    private var output = OutputBuffer()

    /// Runs one lvsadm invocation; `arguments` starts with the program name. Returns the exit status.
    public static func run(arguments: [String], environment: AdminEnvironment) -> Int32 {
        let program = arguments.first ?? "lvsadm"
        let opened: (any IPVSTable, IPVSInfo)
        do throws(IPVSError) {
            opened = try open(environment)
        } catch {
            let text =
                "Can't initialize ipvs: \(error.ipvsadmMessage)\n"
                + "Are you sure that IP Virtual Server is built in the kernel or as module?\n"
            environment.writeError(Array(text.utf8))
            return 2
        }
        var admin = IPVSAdmin(environment: environment, program: program, table: opened.0, info: opened.1)
        let status = admin.main(arguments)
        admin.flush()
        return status
    }

    /// `ipvs_init`: connect and read the info; on failure load the module once and retry.
    private static func open(_ environment: AdminEnvironment) throws(IPVSError) -> (any IPVSTable, IPVSInfo) {
        func attempt() throws(IPVSError) -> (any IPVSTable, IPVSInfo) {
            let table = try environment.openTable()
            return (table, try table.info())
        }
        do throws(IPVSError) {
            return try attempt()
        } catch {
            guard environment.loadModule() else { throw error }
            return try attempt()
        }
    }

    private init(environment: AdminEnvironment, program: String, table: any IPVSTable, info: IPVSInfo) {
        self.environment = environment
        self.program = program
        self.table = table
        self.info = info
    }

    private mutating func main(_ arguments: [String]) -> Int32 {
        if info.version < 0x01_01_04 {
            let v = info.versionComponents
            error(
                "Warning: IPVS version mismatch: \n  Kernel compiled with IPVS version \(v.major).\(v.minor).\(v.patch)\n"
                    + "  ipvsadm v1.31  requires minimum IPVS version 1.1.4\n\n", newline: false)
        }
        if arguments.count <= 1 { return execute(.listAll([])) }
        switch AdminCommandLine.parse(arguments, resolver: resolver, posixlyCorrect: environment.posixlyCorrect) {
        case .failure(let failure):
            error(failure.message)
            return failure.exitCode
        case .success(let request):
            return execute(request)
        }
    }

    /// Carries out one request; returns its exit status.
    private mutating func execute(_ request: AdminRequest) -> Int32 {
        switch request {
        case .help:
            write(UsageText.help(program: program))
            return 0
        case .version:
            write(UsageText.version)
            return 0
        case .listAll(let format), .save(let format):
            return listAll(format)
        case .listService(let identity, let format):
            let service: IPVSService
            do throws(IPVSError) { service = try table.service(identity) } catch {
                self.error(error.ipvsadmMessage)
                return 1
            }
            let printer = ListingPrinter(format: format, resolver: resolver)
            printer.title(into: &output)
            return printEntry(service, printer)
        case .listConnections(let format):
            guard let bytes = environment.readConnectionTable() else {
                error("cannot open file \(Self.connectionTablePath)")
                return 1
            }
            do throws(ConnectionListing.Failure) {
                try ConnectionListing.print(
                    bytes, printer: ListingPrinter(format: format, resolver: resolver), into: &output)
            } catch {
                if error == .unexpectedInput { self.error("unexpected input from \(Self.connectionTablePath)") }
                return 1
            }
            return 0
        case .listTimeouts:
            guard let t = try? table.timeouts() else { return 1 }
            write(
                "Timeout (tcp tcpfin udp): \(Int32(bitPattern: t.tcp)) \(Int32(bitPattern: t.tcpFin)) \(Int32(bitPattern: t.udp))\n"
            )
            return 0
        case .listDaemons:
            guard let daemons = try? table.syncDaemons() else { return 1 }
            for d in daemons {
                var line = "\(d.role) sync daemon (mcast=\(d.interface), syncid=\(Int32(bitPattern: d.syncID))"
                if let n = d.maximumLength, n != 0 { line += ", maxlen=\(n)" }
                if let group = d.group { line += ", group=\(group)" }
                if let port = d.port, port != 0 { line += ", port=\(port)" }
                if let ttl = d.ttl, ttl != 0 { line += ", ttl=\(ttl)" }
                write(line + ")\n")
            }
            return 0
        case .restore:
            return restore()
        case .change(let operation):
            if case .failure(let failure) = table.apply([operation])[0] {
                error(failure.ipvsadmMessage)
                return 255
            }
            return 0
        }
    }

    /// `list_all`: header (not for rules), services sorted, each with its destinations.
    private mutating func listAll(_ format: ListingFormat) -> Int32 {
        let printer = ListingPrinter(format: format, resolver: resolver)
        if !format.contains(.rule) { printer.header(info, into: &output) }
        var services: [IPVSService]
        do throws(IPVSError) { services = try table.services() } catch {
            self.error(error.ipvsadmMessage)
            return 1
        }
        if !format.contains(.noSort) { services = IPVSSortOrder.sorted(services, by: IPVSSortOrder.compare) }
        printer.title(into: &output)
        for service in services {
            let status = printEntry(service, printer)
            if status != 0 { return status }
        }
        return 0
    }

    private mutating func printEntry(_ service: IPVSService, _ printer: ListingPrinter) -> Int32 {
        let destinations: [IPVSDestination]
        do throws(IPVSError) { destinations = try table.destinations(of: service.identity) } catch {
            self.error(error.ipvsadmMessage)
            return 1
        }
        printer.entry(service, destinations: destinations, into: &output)
        if output.bytes.count >= 1 << 16 || environment.outputIsTerminal { flush() }
        return 0
    }

    /// `-R`: reads every line, checks them all, then applies them in order. Consecutive changes
    /// go to the kernel together; a listing in between sees the table as the lines before left it.
    /// Like ipvsadm, a kernel error is printed and the next line still runs; the exit status is
    /// that of the last line.
    private mutating func restore() -> Int32 {
        var requests: [AdminRequest] = []
        for line in RestoreReader.lines(environment.readStandardInput()) {
            let words = [program] + line.words
            switch AdminCommandLine.parse(
                words, resolver: resolver, readingStandardInput: true, posixlyCorrect: environment.posixlyCorrect)
            {
            case .failure(let failure):
                var message = failure.message
                while message.hasSuffix("\n") { message.removeLast() }
                error("line \(line.number): \(message); nothing was restored")
                return failure.exitCode
            case .success(let request):
                requests.append(request)
            }
            // ipvsadm exits on -h and -v; nothing after them is read.
            if requests.last == .help || requests.last == .version { break }
        }
        var status: Int32 = 0
        var pending: [IPVSOperation] = []
        func applyPending(_ admin: inout IPVSAdmin) {
            guard !pending.isEmpty else { return }
            for result in admin.table.apply(pending) {
                if case .failure(let failure) = result {
                    admin.error(failure.ipvsadmMessage)
                    status = 255
                } else {
                    status = 0
                }
            }
            pending.removeAll()
        }
        for request in requests {
            if case .change(let operation) = request {
                pending.append(operation)
                continue
            }
            applyPending(&self)
            let result = execute(request)
            // A listing that fails, and -h or -v, end ipvsadm there and then.
            if result != 0 { return result }
            if request == .help || request == .version { return 0 }
            status = 0
        }
        applyPending(&self)
        return status
    }

    private mutating func write(_ text: String) {
        output.text(text)
        if environment.outputIsTerminal { flush() }
    }

    private mutating func error(_ text: String, newline: Bool = true) {
        environment.writeError(Array((newline ? text + "\n" : text).utf8))
    }

    private mutating func flush() {
        let bytes = output.take()
        if !bytes.isEmpty { environment.writeOutput(bytes) }
    }
}
