import Pulse
import Testing

@Suite struct LVSDLaunchTests {
    @Test func daemonPulseStartsLVSDWithNoforkLikePiranha() {
        let launch = LVSDLaunch(
            executable: "/usr/sbin/lvsd", configPath: "/etc/sysconfig/ha/lvs.cf", foreground: false, verbose: false)
        #expect(launch.arguments == ["--nofork", "-c", "/etc/sysconfig/ha/lvs.cf"])
        #expect(launch.commandLine == "/usr/sbin/lvsd --nofork -c /etc/sysconfig/ha/lvs.cf")
    }

    @Test func foregroundVerboseAndASyslogSocketArePassedOn() {
        let launch = LVSDLaunch(
            executable: "lvsd", configPath: "lvs.cf", foreground: true, verbose: true, logSocket: "/tmp/log.sock",
            runtimeDirectory: "/tmp/lvsd")
        #expect(
            launch.arguments == [
                "--nodaemon", "-c", "lvs.cf", "-v", "--log-socket", "/tmp/log.sock", "--runtime-directory", "/tmp/lvsd",
            ])
    }

    @Test func optionsBuildTheLaunchAndThePaths() {
        let options = PulseOptions(
            configPath: "/x/lvs.cf", foreground: true, lvsdPath: "/opt/lvsd", runtimeDirectory: "/tmp/run")
        #expect(options.lvsdLaunch.commandLine == "/opt/lvsd --nodaemon -c /x/lvs.cf")
        #expect(options.controlSocketPath == "/tmp/run/pulse.sock")
        #expect(options.pidfilePath == "/tmp/run/pulse.pid")
        #expect(PulseOptions().controlSocketPath == "/run/pulse/pulse.sock")
    }

    @Test func lvsdsPidfileIsInItsRuntimeDirectory() {
        #expect(PulseOptions().lvsdLaunch.pidfilePath == "/run/lvsd/lvsd.pid")
        #expect(PulseOptions(lvsdRuntimeDirectory: "/tmp/lvsd-d1").lvsdLaunch.pidfilePath == "/tmp/lvsd-d1/lvsd.pid")
    }
}
