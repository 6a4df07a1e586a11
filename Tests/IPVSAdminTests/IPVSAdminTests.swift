import Addressing
import IPVS
import Testing

@testable import IPVSAdmin

/// lvsadm run end to end against an in-memory table: arguments in, bytes and status out.
@Suite struct IPVSAdminTests {
    struct Run {
        var status: Int32
        var output: String
        var error: String
    }

    final class Capture: @unchecked Sendable {
        var output: [UInt8] = []
        var error: [UInt8] = []
        var modprobes = 0
    }

    func run(_ words: [String], on table: SharedTable, input: String = "", connections: String? = nil) -> Run {
        let capture = Capture()
        let environment = AdminEnvironment(
            openTable: { table },
            loadModule: {
                capture.modprobes += 1; return false
            },
            readStandardInput: { Array(input.utf8) }, readConnectionTable: { connections.map { Array($0.utf8) } },
            writeOutput: { capture.output += $0 }, writeError: { capture.error += $0 })
        let status = IPVSAdmin.run(arguments: ["lvsadm"] + words, environment: environment)
        return Run(
            status: status, output: String(decoding: capture.output, as: UTF8.self),
            error: String(decoding: capture.error, as: UTF8.self))
    }

    @Test func programsAndListsTheTable() {
        let table = SharedTable()
        #expect(run(["-A", "-t", "10.0.0.100:80"], on: table).status == 0)
        #expect(run(["-a", "-t", "10.0.0.100:80", "-r", "10.0.1.10:80", "-m", "-w", "3"], on: table).status == 0)
        let listing = run(["-L", "-n"], on: table)
        #expect(listing.status == 0)
        #expect(
            listing.output == """
                IP Virtual Server version 1.2.1 (size=4096)
                Prot LocalAddress:Port Scheduler Flags
                  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
                TCP  10.0.0.100:80 wlc
                  -> 10.0.1.10:80                 Masq    3      0          0\("         ")

                """)
        #expect(
            run(["-S", "-n"], on: table).output
                == "-A -t 10.0.0.100:80 -s wlc\n-a -t 10.0.0.100:80 -r 10.0.1.10:80 -m -w 3\n")
        #expect(run(["-L", "-n", "-t", "10.0.0.100:80"], on: table).output.hasPrefix("Prot LocalAddress:Port"))
    }

    @Test func kernelErrorsPrintIPVSADMsMessageAndExit255() {
        let table = SharedTable()
        let first = run(["-a", "-t", "10.0.0.100:80", "-r", "10.0.1.10"], on: table)
        #expect(first.status == 255)
        #expect(first.error == "Service not defined\n")
        _ = run(["-A", "-t", "10.0.0.100:80"], on: table)
        let again = run(["-A", "-t", "10.0.0.100:80"], on: table)
        #expect((again.status, again.error) == (255, "Service already exists\n"))
        let missing = run(["-L", "-t", "10.0.0.1:80"], on: table)
        #expect((missing.status, missing.error) == (1, "No such service\n"))
    }

    @Test func validationErrorsExit2AndTouchNothing() throws {
        let table = SharedTable()
        let r = run(["-A", "-t", "10.0.0.100:80", "-w", "2"], on: table)
        #expect((r.status, r.error) == (2, "Illegal 'weight' option with the 'add-service' command\n"))
        #expect(try table.services().isEmpty)
    }

    @Test func timeoutsAndDaemons() {
        let table = SharedTable()
        #expect(run(["-L", "--timeout"], on: table).output == "Timeout (tcp tcpfin udp): 900 120 300\n")
        #expect(run(["--set", "60", "0", "0"], on: table).status == 0)
        #expect(run(["-L", "--timeout"], on: table).output == "Timeout (tcp tcpfin udp): 60 120 300\n")
        #expect(run(["-L", "--daemon"], on: table).output == "")
        #expect(run(["--start-daemon", "master", "--mcast-interface", "lo", "--syncid", "4"], on: table).status == 0)
        #expect(
            run(["-L", "--daemon"], on: table).output
                == "master sync daemon (mcast=lo, syncid=4, maxlen=1472, group=224.0.0.81, port=8848, ttl=1)\n")
        #expect(run(["--stop-daemon", "backup"], on: table).error == "No daemon is running\n")
    }

    @Test func helpAndVersion() {
        let table = SharedTable()
        #expect(run(["-v"], on: table).output == "ipvsadm v1.31 2019/12/24 (compiled with popt and IPVS v1.2.1)\n")
        let help = run(["--help"], on: table)
        #expect(help.status == 0)
        #expect(
            help.output.hasPrefix(
                "ipvsadm v1.31 2019/12/24 (compiled with popt and IPVS v1.2.1)\nUsage:\n  lvsadm -A|E"))
        #expect(help.output.hasSuffix("  --mcast-ttl ttl                     Multicast TTL (default=1)\n"))
        #expect(run(["-Q"], on: table).error == "Try `lvsadm -h' or 'lvsadm --help' for more information.\n")
    }

    @Test func withoutIPVSItSaysWhatIPVSADMSays() {
        let capture = Capture()
        let environment = AdminEnvironment(
            openTable: { () throws(IPVSError) -> any IPVSTable in throw IPVSError(.connect, .ipvsUnavailable) },
            loadModule: {
                capture.modprobes += 1; return false
            }, readStandardInput: { [] },
            readConnectionTable: { nil }, writeOutput: { capture.output += $0 }, writeError: { capture.error += $0 })
        #expect(IPVSAdmin.run(arguments: ["lvsadm", "-L", "-n"], environment: environment) == 2)
        #expect(capture.modprobes == 1)
        #expect(
            String(decoding: capture.error, as: UTF8.self)
                == "Can't initialize ipvs: Protocol not available\n"
                + "Are you sure that IP Virtual Server is built in the kernel or as module?\n")
    }

    @Test func restoreChecksEveryLineBeforeApplyingAny() throws {
        let table = SharedTable()
        let input = """
            -A -t 10.0.0.100:80 -s rr
            -a -t 10.0.0.100:80 -r 10.0.1.10:80 -m
            -a -t 10.0.0.100:80 -r 10.0.1.11:80 -m -w 2147483648

            """
        let r = run(["-R"], on: table, input: input)
        #expect((r.status, r.error) == (2, "line 3: illegal weight specified; nothing was restored\n"))
        #expect(try table.services().isEmpty)
    }

    @Test func restoreAppliesInOrderAndReportsKernelErrorsLikeIPVSADM() throws {
        let table = SharedTable()
        let input = """
            ipvsadm -A -t 10.0.0.100:80 -s rr
            -a -t 10.0.0.100:80 -r 10.0.1.10:80 -m
            -a -t 10.0.0.100:80 -r 10.0.1.10:80 -m
            -L -n
            -a -t 10.0.0.100:80 -r 10.0.1.11:80 -m
            """
        let r = run(["-R"], on: table, input: input)
        #expect(r.status == 0)
        #expect(r.error == "Destination already exists\n")
        // The listing sees the table as the lines before it left it.
        #expect(r.output.contains("10.0.1.10:80"))
        #expect(!r.output.contains("10.0.1.11:80"))
        #expect(try table.destinations(of: .address(.tcp, .v4(IPv4Address(10, 0, 0, 100)), port: 80)).count == 2)

        let failing = run(["-R"], on: table, input: "-D -t 10.9.9.9:80\n")
        #expect((failing.status, failing.error) == (255, "No such service\n"))
        let popt = run(["-R"], on: table, input: "-C\n-L --frobnicate\n")
        #expect((popt.status, popt.error) == (255, "line 2: --frobnicate: unknown option; nothing was restored\n"))
        #expect(try table.services().count == 1)
    }

    @Test func connections() {
        let table = SharedTable()
        let missing = run(["-L", "-c"], on: table)
        #expect((missing.status, missing.error) == (1, "cannot open file /proc/net/ip_vs_conn\n"))
        let empty = run(["-L", "-c"], on: table, connections: "")
        #expect((empty.status, empty.error) == (1, "unexpected input from /proc/net/ip_vs_conn\n"))
        let header = "Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires PEName PEData\n"
        let listed = run(["-L", "-c", "-n"], on: table, connections: header)
        #expect(
            listed.output
                == "IPVS connection entries\npro expire state       source             virtual            destination\n"
        )
    }

    @Test func noArgumentsListsWithNames() {
        let table = SharedTable()
        _ = run(["-A", "-t", "127.0.0.1:80"], on: table)
        let r = run([], on: table)
        #expect(r.status == 0)
        #expect(r.output.contains(":http wlc\n"))
    }
}
