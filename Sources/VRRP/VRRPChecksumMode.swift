/// How a VRRPv3 advertisement over IPv4 is checksummed. RFC 5798 has the checksum cover an IPv4
/// pseudo-header as well as the message, and keepalived does so (it calls leaving it out
/// `v3_checksum_as_v2`); RFC 9568's clarification and several routers cover the message only. Over
/// IPv6 the pseudo-header is always covered, and VRRPv2 never covers it.
public enum VRRPChecksumMode: String, Hashable, Sendable, CaseIterable {
    /// Message and IPv4 pseudo-header (RFC 5798, keepalived's default).
    case withPseudoHeader = "pseudo-header"
    /// The message alone (RFC 9568; keepalived's `v3_checksum_as_v2`).
    case messageOnly = "message-only"
}
