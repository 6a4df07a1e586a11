import ArgumentParser
import Control

/// `lvsctl drain ADDRESS[:PORT]`: weight 0 for a real server, held until `enable`.
struct Drain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Drain a real server: weight 0 (connections finish, new ones go elsewhere) until enabled.",
        discussion: "ADDRESS alone selects every port of that address; IPv6 with a port is written [ADDRESS]:PORT."
    )

    @Argument(help: ArgumentHelp("The real server.", valueName: "ADDRESS[:PORT]"), transform: RealServerArgument.parse)
    var server: RealServerSelector

    @OptionGroup var daemons: DaemonOptions

    func run() throws {
        let response = try Exchange.lvsd(daemons, .drain(server))
        Output.print(response.message ?? "\(server) drained")
    }
}

/// `lvsctl enable ADDRESS[:PORT]`: undo `drain`.
struct Enable: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Undo drain: the real server gets its weight back from its health checks.",
        discussion: "ADDRESS alone selects every port of that address; IPv6 with a port is written [ADDRESS]:PORT."
    )

    @Argument(help: ArgumentHelp("The real server.", valueName: "ADDRESS[:PORT]"), transform: RealServerArgument.parse)
    var server: RealServerSelector

    @OptionGroup var daemons: DaemonOptions

    func run() throws {
        let response = try Exchange.lvsd(daemons, .enable(server))
        Output.print(response.message ?? "\(server) enabled")
    }
}

/// Parses the ADDRESS[:PORT] argument with a message that shows the accepted forms.
enum RealServerArgument {
    static func parse(_ text: String) throws -> RealServerSelector {
        guard let selector = RealServerSelector(text) else {
            throw ValidationError(
                "'\(text)' is not a real server: expected ADDRESS or ADDRESS:PORT (10.0.1.10, 10.0.1.10:80, "
                    + "2001:db8::10, [2001:db8::10]:80)")
        }
        return selector
    }
}
