/// A failure of the channel itself (not an error the kernel reported).
public enum NetlinkTransportError: Error, Hashable, Sendable {
    /// A system call failed with this errno.
    case system(call: String, errno: Int32)
    /// Nothing arrived within the receive timeout.
    case timedOut(seconds: Int)
    /// A datagram was larger than the receive buffer.
    case truncated(length: Int)
}
