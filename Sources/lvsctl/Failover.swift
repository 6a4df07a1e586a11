import ArgumentParser

/// `lvsctl failover`: hand the VIPs to the peer; this director must be active.
struct Failover: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Hand the VIPs to the peer director (run on the active director).",
        discussion: """
            The peer activates first and only then does this director let go, so the VIPs always \
            have an owner. With warm standby the peer's table is loaded and checked already, so \
            the VIPs move at once. Refused, with the reason, when this director is not active, the \
            peer cannot take over, or the peer's table is not ready (lvsctl status shows both).
            """
    )

    @OptionGroup var daemons: DaemonOptions

    func run() throws {
        let response = try Exchange.pulse(daemons, .failover)
        Output.print(response.message ?? "failover under way")
    }
}

/// `lvsctl takeover`: take the VIPs from the peer; this director must be inactive.
struct Takeover: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Take the VIPs over from the peer director (run on the inactive director).",
        discussion: """
            This director activates, and the peer lets go once it sees this one active. Refused \
            while this director's own table is not ready. A director kept inactive by a fault the \
            admin can acknowledge (a failed activation) activates.
            """
    )

    @OptionGroup var daemons: DaemonOptions

    func run() throws {
        let response = try Exchange.pulse(daemons, .takeover)
        Output.print(response.message ?? "takeover under way")
    }
}

/// `lvsctl reload`: pulse re-reads lvs.cf and passes the reload to lvsd.
struct Reload: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Re-read lvs.cf in pulse (and lvsd): like SIGHUP, with the outcome printed.",
        discussion: "A broken file is rejected with its first error, and the running configuration stays."
    )

    @OptionGroup var daemons: DaemonOptions

    func run() throws {
        let response = try Exchange.pulse(daemons, .reload)
        Output.print(response.message ?? "reloaded")
    }
}
