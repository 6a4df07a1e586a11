/// The numbers of the IPVS generic-netlink family, transcribed from `<linux/ip_vs.h>`.
public enum IPVSGenericNetlink {
    /// `IPVS_GENL_NAME`: the family name to resolve with the controller.
    public static let familyName = "IPVS"
    /// `IPVS_GENL_VERSION`.
    public static let version: UInt8 = 1

    /// Commands (`IPVS_CMD_*`).
    public enum Command: UInt8, Sendable {
        /// `IPVS_CMD_NEW_SERVICE`; also the command of each service in a `GET_SERVICE` reply.
        case newService = 1
        /// `IPVS_CMD_SET_SERVICE`.
        case setService = 2
        /// `IPVS_CMD_DEL_SERVICE`.
        case deleteService = 3
        /// `IPVS_CMD_GET_SERVICE`.
        case getService = 4
        /// `IPVS_CMD_NEW_DEST`; also the command of each destination in a `GET_DEST` reply.
        case newDestination = 5
        /// `IPVS_CMD_SET_DEST`.
        case setDestination = 6
        /// `IPVS_CMD_DEL_DEST`.
        case deleteDestination = 7
        /// `IPVS_CMD_GET_DEST` (dump only).
        case getDestination = 8
        /// `IPVS_CMD_NEW_DAEMON`.
        case newDaemon = 9
        /// `IPVS_CMD_DEL_DAEMON`.
        case deleteDaemon = 10
        /// `IPVS_CMD_GET_DAEMON` (dump only).
        case getDaemon = 11
        /// `IPVS_CMD_SET_CONFIG` (ipvsadm: `IPVS_CMD_SET_TIMEOUT`); also the `GET_CONFIG` reply.
        case setConfig = 12
        /// `IPVS_CMD_GET_CONFIG`.
        case getConfig = 13
        /// `IPVS_CMD_SET_INFO`: the command of the `GET_INFO` reply.
        case setInfo = 14
        /// `IPVS_CMD_GET_INFO`.
        case getInfo = 15
        /// `IPVS_CMD_ZERO`.
        case zero = 16
        /// `IPVS_CMD_FLUSH`.
        case flush = 17
    }

    /// Top-level attributes (`IPVS_CMD_ATTR_*`).
    public enum CommandAttribute {
        /// `IPVS_CMD_ATTR_SERVICE` (nested).
        public static let service: UInt16 = 1
        /// `IPVS_CMD_ATTR_DEST` (nested).
        public static let destination: UInt16 = 2
        /// `IPVS_CMD_ATTR_DAEMON` (nested).
        public static let daemon: UInt16 = 3
        /// `IPVS_CMD_ATTR_TIMEOUT_TCP`.
        public static let timeoutTCP: UInt16 = 4
        /// `IPVS_CMD_ATTR_TIMEOUT_TCP_FIN`.
        public static let timeoutTCPFin: UInt16 = 5
        /// `IPVS_CMD_ATTR_TIMEOUT_UDP`.
        public static let timeoutUDP: UInt16 = 6
        /// `IPVS_CMD_ATTR_MAX`.
        public static let maximum = 6
    }

    /// Service attributes (`IPVS_SVC_ATTR_*`).
    public enum ServiceAttribute {
        /// `IPVS_SVC_ATTR_AF` (u16).
        public static let family: UInt16 = 1
        /// `IPVS_SVC_ATTR_PROTOCOL` (u16).
        public static let `protocol`: UInt16 = 2
        /// `IPVS_SVC_ATTR_ADDR` (binary, network order).
        public static let address: UInt16 = 3
        /// `IPVS_SVC_ATTR_PORT` (be16).
        public static let port: UInt16 = 4
        /// `IPVS_SVC_ATTR_FWMARK` (u32).
        public static let firewallMark: UInt16 = 5
        /// `IPVS_SVC_ATTR_SCHED_NAME` (string).
        public static let schedulerName: UInt16 = 6
        /// `IPVS_SVC_ATTR_FLAGS` (`struct ip_vs_flags`).
        public static let flags: UInt16 = 7
        /// `IPVS_SVC_ATTR_TIMEOUT` (u32 seconds).
        public static let timeout: UInt16 = 8
        /// `IPVS_SVC_ATTR_NETMASK` (raw 32 bits).
        public static let netmask: UInt16 = 9
        /// `IPVS_SVC_ATTR_STATS` (nested, 32-bit counters).
        public static let statistics: UInt16 = 10
        /// `IPVS_SVC_ATTR_PE_NAME` (string).
        public static let persistenceEngine: UInt16 = 11
        /// `IPVS_SVC_ATTR_STATS64` (nested, 64-bit counters).
        public static let statistics64: UInt16 = 12
        /// `IPVS_SVC_ATTR_MAX`.
        public static let maximum = 12
    }

    /// Destination attributes (`IPVS_DEST_ATTR_*`).
    public enum DestinationAttribute {
        /// `IPVS_DEST_ATTR_ADDR` (binary, network order).
        public static let address: UInt16 = 1
        /// `IPVS_DEST_ATTR_PORT` (be16).
        public static let port: UInt16 = 2
        /// `IPVS_DEST_ATTR_FWD_METHOD` (u32).
        public static let forwardingMethod: UInt16 = 3
        /// `IPVS_DEST_ATTR_WEIGHT` (u32).
        public static let weight: UInt16 = 4
        /// `IPVS_DEST_ATTR_U_THRESH` (u32).
        public static let upperThreshold: UInt16 = 5
        /// `IPVS_DEST_ATTR_L_THRESH` (u32).
        public static let lowerThreshold: UInt16 = 6
        /// `IPVS_DEST_ATTR_ACTIVE_CONNS` (u32).
        public static let activeConnections: UInt16 = 7
        /// `IPVS_DEST_ATTR_INACT_CONNS` (u32).
        public static let inactiveConnections: UInt16 = 8
        /// `IPVS_DEST_ATTR_PERSIST_CONNS` (u32).
        public static let persistentConnections: UInt16 = 9
        /// `IPVS_DEST_ATTR_STATS` (nested).
        public static let statistics: UInt16 = 10
        /// `IPVS_DEST_ATTR_ADDR_FAMILY` (u16).
        public static let addressFamily: UInt16 = 11
        /// `IPVS_DEST_ATTR_STATS64` (nested).
        public static let statistics64: UInt16 = 12
        /// `IPVS_DEST_ATTR_TUN_TYPE` (u8).
        public static let tunnelType: UInt16 = 13
        /// `IPVS_DEST_ATTR_TUN_PORT` (be16).
        public static let tunnelPort: UInt16 = 14
        /// `IPVS_DEST_ATTR_TUN_FLAGS` (u16).
        public static let tunnelFlags: UInt16 = 15
        /// `IPVS_DEST_ATTR_MAX`.
        public static let maximum = 15
    }

    /// Sync-daemon attributes (`IPVS_DAEMON_ATTR_*`).
    public enum DaemonAttribute {
        /// `IPVS_DAEMON_ATTR_STATE` (u32).
        public static let state: UInt16 = 1
        /// `IPVS_DAEMON_ATTR_MCAST_IFN` (string).
        public static let interface: UInt16 = 2
        /// `IPVS_DAEMON_ATTR_SYNC_ID` (u32).
        public static let syncID: UInt16 = 3
        /// `IPVS_DAEMON_ATTR_SYNC_MAXLEN` (u16).
        public static let maximumLength: UInt16 = 4
        /// `IPVS_DAEMON_ATTR_MCAST_GROUP` (IPv4 address, network order).
        public static let group: UInt16 = 5
        /// `IPVS_DAEMON_ATTR_MCAST_GROUP6` (16 bytes).
        public static let group6: UInt16 = 6
        /// `IPVS_DAEMON_ATTR_MCAST_PORT` (u16).
        public static let port: UInt16 = 7
        /// `IPVS_DAEMON_ATTR_MCAST_TTL` (u8).
        public static let ttl: UInt16 = 8
        /// `IPVS_DAEMON_ATTR_MAX`.
        public static let maximum = 8
    }

    /// Statistics attributes (`IPVS_STATS_ATTR_*`), inside `STATS` and `STATS64`.
    public enum StatisticsAttribute {
        /// `IPVS_STATS_ATTR_CONNS`.
        public static let connections: UInt16 = 1
        /// `IPVS_STATS_ATTR_INPKTS`.
        public static let incomingPackets: UInt16 = 2
        /// `IPVS_STATS_ATTR_OUTPKTS`.
        public static let outgoingPackets: UInt16 = 3
        /// `IPVS_STATS_ATTR_INBYTES` (u64 in both nests).
        public static let incomingBytes: UInt16 = 4
        /// `IPVS_STATS_ATTR_OUTBYTES` (u64 in both nests).
        public static let outgoingBytes: UInt16 = 5
        /// `IPVS_STATS_ATTR_CPS`.
        public static let connectionsPerSecond: UInt16 = 6
        /// `IPVS_STATS_ATTR_INPPS`.
        public static let incomingPacketsPerSecond: UInt16 = 7
        /// `IPVS_STATS_ATTR_OUTPPS`.
        public static let outgoingPacketsPerSecond: UInt16 = 8
        /// `IPVS_STATS_ATTR_INBPS`.
        public static let incomingBytesPerSecond: UInt16 = 9
        /// `IPVS_STATS_ATTR_OUTBPS`.
        public static let outgoingBytesPerSecond: UInt16 = 10
        /// `IPVS_STATS_ATTR_PAD`.
        public static let pad: UInt16 = 11
        /// `IPVS_STATS_ATTR_MAX`.
        public static let maximum = 11
    }

    /// Info attributes (`IPVS_INFO_ATTR_*`).
    public enum InfoAttribute {
        /// `IPVS_INFO_ATTR_VERSION` (u32).
        public static let version: UInt16 = 1
        /// `IPVS_INFO_ATTR_CONN_TAB_SIZE` (u32).
        public static let connectionTableSize: UInt16 = 2
        /// `IPVS_INFO_ATTR_MAX`.
        public static let maximum = 2
    }
}
