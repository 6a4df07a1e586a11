extension VirtualService {
    /// The `protocol` key.
    public enum TransportProtocol: String, Hashable, Sendable, Codable, CaseIterable, CustomStringConvertible {
        /// TCP (`IPPROTO_TCP`).
        case tcp
        /// UDP (`IPPROTO_UDP`).
        case udp
        /// SCTP (`IPPROTO_SCTP`), an extension.
        case sctp

        /// Upper case, as ipvsadm prints it: `TCP`, `UDP`, `SCTP`.
        public var description: String { rawValue.uppercased() }
    }
}
