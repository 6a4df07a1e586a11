import ArgumentParser

/// `lvsctl drain-director`: withdraw this active-active director from the routers.
struct DrainDirector: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drain-director",
        abstract: "Withdraw this director's VIPs from the routers (cluster_mode = bgp).",
        discussion: """
            BIRD withdraws every VIP this director announces, and the routers send the flows to \
            the other directors, which carry established connections on (direct routing with mh). \
            lvsd, the checks and the IPVS table stay, so whatever still arrives here is forwarded \
            until the routers have moved. Answers once BIRD has the change. The drain lasts until \
            enable-director or a restart of pulse.
            """
    )

    @OptionGroup var daemons: DaemonOptions

    func run() throws {
        let response = try Exchange.pulse(daemons, .drainDirector)
        Output.print(response.message ?? "drained")
    }
}

/// `lvsctl enable-director`: announce again what this director can serve.
struct EnableDirector: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enable-director",
        abstract: "Announce this director's VIPs to the routers again after drain-director.",
        discussion: "Each VIP is announced while lvsd's table is ready and a real server on it is up."
    )

    @OptionGroup var daemons: DaemonOptions

    func run() throws {
        let response = try Exchange.pulse(daemons, .enableDirector)
        Output.print(response.message ?? "enabled")
    }
}
