/// A virtual service as a director's IPVS table holds it, in the lab's words.
public struct LabTableEntry: Sendable, Hashable {
    /// One real server in the table.
    public struct Member: Sendable, Hashable {
        /// The lab's name for it (`rs1`), or its address if the plan has no such server.
        public var server: String
        /// Its weight in the kernel.
        public var weight: Int
        /// Its forwarding method as ipvsadm prints it (`Masq`, `Route`, `Tunnel`).
        public var forwarding: String
        /// Its established connections (ipvsadm's ActiveConn).
        public var activeConnections: Int
    }

    /// The scheduler (`rr`).
    public var scheduler: String
    /// The real servers.
    public var members: [Member]
    /// Connections, packets in (client to real server) and packets out (real server to client)
    /// the director has forwarded for the service, from the kernel's estimator (updated about
    /// every 2 s). With direct routing nothing goes out through the director.
    public var connections: UInt64
    /// See ``connections``.
    public var incomingPackets: UInt64
    /// See ``connections``.
    public var outgoingPackets: UInt64
}
