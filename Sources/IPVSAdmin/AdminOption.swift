/// Every option ipvsadm 1.31 accepts, as popt reports them (the `val` of its option table).
enum AdminOption: Hashable, Sendable {
    case addService, editService, deleteService, clear, list, zero, addServer, editServer, deleteServer
    case set, help, version, restore, save, startDaemon, stopDaemon
    case tcpService, udpService, sctpService, fwmarkService, scheduler, persistent, netmask, realServer
    case masquerading, ipip, gatewaying, weight, upperThreshold, lowerThreshold, numeric, connection
    case mcastInterface, syncID, timeout, daemon, stats, rate, thresholds, persistentConn, noSort, sort
    case exact, ipv6, ops, persistenceEngine, schedulerFlags, mcastGroup, mcastPort, mcastTTL, syncMaxLength
    case tunnelInfo, tunnelType, tunnelPort, tunnelNoChecksum, tunnelChecksum, tunnelRemoteChecksum
}

extension PoptOption {
    /// ipvsadm 1.31's popt table, in its order (`-l` is `--list` too).
    static let ipvsadm: [PoptOption] = [
        .init(long: "add-service", short: c("A"), argument: .none, tag: .addService),
        .init(long: "edit-service", short: c("E"), argument: .none, tag: .editService),
        .init(long: "delete-service", short: c("D"), argument: .none, tag: .deleteService),
        .init(long: "clear", short: c("C"), argument: .none, tag: .clear),
        .init(long: "list", short: c("L"), argument: .none, tag: .list),
        .init(long: "list", short: c("l"), argument: .none, tag: .list),
        .init(long: "zero", short: c("Z"), argument: .none, tag: .zero),
        .init(long: "add-server", short: c("a"), argument: .none, tag: .addServer),
        .init(long: "edit-server", short: c("e"), argument: .none, tag: .editServer),
        .init(long: "delete-server", short: c("d"), argument: .none, tag: .deleteServer),
        .init(long: "set", short: nil, argument: .none, tag: .set),
        .init(long: "help", short: c("h"), argument: .none, tag: .help),
        .init(long: "version", short: c("v"), argument: .none, tag: .version),
        .init(long: "restore", short: c("R"), argument: .none, tag: .restore),
        .init(long: "save", short: c("S"), argument: .none, tag: .save),
        .init(long: "start-daemon", short: nil, argument: .required, tag: .startDaemon),
        .init(long: "stop-daemon", short: nil, argument: .required, tag: .stopDaemon),
        .init(long: "tcp-service", short: c("t"), argument: .required, tag: .tcpService),
        .init(long: "udp-service", short: c("u"), argument: .required, tag: .udpService),
        .init(long: "sctp-service", short: nil, argument: .required, tag: .sctpService),
        .init(long: "fwmark-service", short: c("f"), argument: .required, tag: .fwmarkService),
        .init(long: "scheduler", short: c("s"), argument: .required, tag: .scheduler),
        .init(long: "persistent", short: c("p"), argument: .optional, tag: .persistent),
        .init(long: "netmask", short: c("M"), argument: .required, tag: .netmask),
        .init(long: "real-server", short: c("r"), argument: .required, tag: .realServer),
        .init(long: "masquerading", short: c("m"), argument: .none, tag: .masquerading),
        .init(long: "ipip", short: c("i"), argument: .none, tag: .ipip),
        .init(long: "gatewaying", short: c("g"), argument: .none, tag: .gatewaying),
        .init(long: "weight", short: c("w"), argument: .required, tag: .weight),
        .init(long: "u-threshold", short: c("x"), argument: .required, tag: .upperThreshold),
        .init(long: "l-threshold", short: c("y"), argument: .required, tag: .lowerThreshold),
        .init(long: "numeric", short: c("n"), argument: .none, tag: .numeric),
        .init(long: "connection", short: c("c"), argument: .none, tag: .connection),
        .init(long: "mcast-interface", short: nil, argument: .required, tag: .mcastInterface),
        .init(long: "syncid", short: nil, argument: .required, tag: .syncID),
        .init(long: "timeout", short: nil, argument: .none, tag: .timeout),
        .init(long: "daemon", short: nil, argument: .none, tag: .daemon),
        .init(long: "stats", short: nil, argument: .none, tag: .stats),
        .init(long: "rate", short: nil, argument: .none, tag: .rate),
        .init(long: "thresholds", short: nil, argument: .none, tag: .thresholds),
        .init(long: "persistent-conn", short: nil, argument: .none, tag: .persistentConn),
        .init(long: "nosort", short: nil, argument: .none, tag: .noSort),
        .init(long: "sort", short: nil, argument: .none, tag: .sort),
        .init(long: "exact", short: c("X"), argument: .none, tag: .exact),
        .init(long: "ipv6", short: c("6"), argument: .none, tag: .ipv6),
        .init(long: "ops", short: c("o"), argument: .none, tag: .ops),
        .init(long: "pe", short: nil, argument: .required, tag: .persistenceEngine),
        .init(long: "sched-flags", short: c("b"), argument: .required, tag: .schedulerFlags),
        .init(long: "mcast-group", short: nil, argument: .required, tag: .mcastGroup),
        .init(long: "mcast-port", short: nil, argument: .required, tag: .mcastPort),
        .init(long: "mcast-ttl", short: nil, argument: .required, tag: .mcastTTL),
        .init(long: "sync-maxlen", short: nil, argument: .required, tag: .syncMaxLength),
        .init(long: "tun-info", short: nil, argument: .none, tag: .tunnelInfo),
        .init(long: "tun-type", short: nil, argument: .required, tag: .tunnelType),
        .init(long: "tun-port", short: nil, argument: .required, tag: .tunnelPort),
        .init(long: "tun-nocsum", short: nil, argument: .none, tag: .tunnelNoChecksum),
        .init(long: "tun-csum", short: nil, argument: .none, tag: .tunnelChecksum),
        .init(long: "tun-remcsum", short: nil, argument: .none, tag: .tunnelRemoteChecksum),
    ]

    private static func c(_ letter: Unicode.Scalar) -> UInt8 { UInt8(letter.value) }
}
