/// ipvsadm's rules about which options go with which command (`commands_v_options`) and which
/// tunnel options go with which tunnel type (`tunnel_types_v_options`), as data.
///
/// Each row has one character per option column: `+` required, `x` illegal, `1` at most one of
/// the options so marked, ` ` allowed.
enum OptionMatrix {
    /// Rows in ``AdminCommand`` order; columns in ``OptionColumn`` order.
    static let commands: [String] = [
        "xx+   xxxxxxxxxxxxxxx   xxxxxxxxxx",  // add-service
        "xx+   xxxxxxxxxxxxxxx   xxxxxxxxxx",  // edit-service
        "xx+xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",  // delete-service
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",  // flush
        " 11xxxxxxxxx11       xxxxxxx xxxxx",  // list
        "xx+xxx+    xxxxxxxxxxxxxxxxxx     ",  // add-server
        "xx+xxx+xxxxxxxxxxxxxxxxxxxxxxxxxxx",  // delete-server
        "xx+xxx+    xxxxxxxxxxxxxxxxxx     ",  // edit-server
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",  // set
        "xxxxxxxxxxx xxxxxxx xxxx    xxxxxx",  // start-daemon
        "xxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxx",  // stop-daemon
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",  // restore
        " xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",  // save
        "xx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",  // zero
    ]

    /// The tunnel options, in the tunnel matrix's column order.
    static let tunnelColumns: [OptionColumn] = [.tunnelPort, .tunnelNoChecksum, .tunnelChecksum, .tunnelRemoteChecksum]

    /// Rows for ipip, gue, gre.
    static let tunnels: [String] = ["xxxx", "+111", "x11x"]

    private static let commandRows: [[UInt8]] = commands.map { Array($0.utf8) }

    /// `generic_opt_check`: the first violation, in column order, as ipvsadm words it.
    static func check(_ command: AdminCommand, options: UInt64) -> String? {
        let row = commandRows[command.rawValue]
        var first: OptionColumn?
        for column in OptionColumn.allCases {
            let rule = row[column.rawValue]
            if options & column.bit == 0 {
                if rule == UInt8(ascii: "+") {
                    return "You need to supply the '\(column.name)' option for the '\(command.name)' command"
                }
            } else {
                if rule == UInt8(ascii: "x") {
                    return "Illegal '\(column.name)' option with the '\(command.name)' command"
                }
                if rule == UInt8(ascii: "1") {
                    guard let earlier = first else {
                        first = column
                        continue
                    }
                    return "The option '\(column.name)' conflicts with the '\(earlier.name)' option in the "
                        + "'\(command.name)' command"
                }
            }
        }
        return nil
    }

    /// `tunnel_opt_check` for tunnel type `type` (0 ipip, 1 gue, 2 gre).
    static func checkTunnel(type: Int, options: UInt64) -> String? {
        let names = ["ipip", "gue", "gre"]
        guard type >= 0, type < tunnels.count else { return nil }
        let row = Array(tunnels[type].utf8)
        var first: OptionColumn?
        for (j, column) in tunnelColumns.enumerated() {
            let rule = row[j]
            if options & column.bit == 0 {
                if rule == UInt8(ascii: "+") {
                    return "You need to supply the '\(column.name)' option for the '\(names[type])' tunnel type"
                }
            } else {
                if rule == UInt8(ascii: "x") {
                    return "Illegal '\(column.name)' option with the '\(names[type])' tunnel type"
                }
                if rule == UInt8(ascii: "1") {
                    guard let earlier = first else {
                        first = column
                        continue
                    }
                    return "The option '\(column.name)' conflicts with the '\(earlier.name)' option in the "
                        + "'\(names[type])' tunnel type"
                }
            }
        }
        return nil
    }
}
