import DaemonSupport
import LVSWeb
import Testing

/// What the admin is told after sending lvs.cf to the peer, for each way ssh can end.
@Suite struct PeerSyncTests {
    let sync = PeerSync(
        ssh: ["ssh", "-p", "2222"], user: "root", remoteLVSCtl: "/usr/sbin/lvsctl", remotePath: "/x/lvs.cf")

    @Test func theCommandLineNamesThePeerTheFileAndTheReload() {
        #expect(
            sync.arguments(peer: "10.0.0.2") == [
                "ssh", "-p", "2222", "root@10.0.0.2", "/usr/sbin/lvsctl", "install-config", "--file", "/x/lvs.cf",
                "--reload",
            ])
    }

    @Test func eachEndingIsSaidInTheAdminsTerms() {
        func outcome(_ status: TerminationStatus?, _ output: String = "") -> PeerSync.Outcome {
            PeerSync.outcome(
                of: BoundedCommand.Outcome(status: status, output: Array(output.utf8)), peer: "10.0.0.2", user: "root",
                limit: .seconds(30))
        }
        let installed = outcome(.exited(0), "lvsctl: installed /x/lvs.cf\n")
        #expect(installed.installed && installed.summary == "10.0.0.2 checked and installed this director's lvs.cf")
        #expect(installed.output == "lvsctl: installed /x/lvs.cf\n")
        let refused = outcome(.exited(1), "/x/lvs.cf:3:1: error: weight: …\n")
        #expect(!refused.installed && refused.summary == "lvsctl install-config on 10.0.0.2 exited with status 1")
        let ssh = outcome(.exited(255), "Permission denied (publickey).\n")
        #expect(!ssh.installed && ssh.summary.hasPrefix("ssh to root@10.0.0.2 failed (status 255)"))
        let killed = outcome(nil)
        #expect(!killed.installed && killed.summary.contains("no answer from 10.0.0.2 within"))
    }
}
