#if canImport(Glibc)
import Glibc
#endif
import CLibNL
import CLVSShims
import DaemonSupport

/// The real ``NetlinkTransport``: a libnl generic-netlink socket bound to the `IPVS` family.
///
/// libnl opens and binds the socket and resolves the family; requests and replies are the
/// project's own bytes, sent and received on the socket's descriptor. Send and receive timeouts
/// keep a stuck kernel from hanging the caller.
public final class GenericNetlinkSocket: NetlinkTransport {
    /// The resolved id of the `IPVS` family.
    public let familyID: UInt16
    private let socket: OpaquePointer
    private let descriptor: Int32
    private let timeoutSeconds: Int
    // One receive area, split into as many slots as datagrams are asked for: a few large ones
    // for dumps (the kernel's dump datagrams stay under 32 KiB), many small ones for acks.
    private let bufferSize = 512 * 1024
    private let maximumSlots = 128
    private let buffer: UnsafeMutableRawBufferPointer
    private var lengths: [UInt32]

    /// Opens a socket, in the network namespace at `namespacePath` if given (e.g.
    /// `/run/netns/NAME`; nil means the caller's), and resolves the `IPVS` family.
    ///
    /// - Parameters:
    ///   - timeout: how long a send or a receive may block. Some commands are slow on a loaded
    ///     machine (stopping a backup sync daemon waits for its kernel thread); ipvsadm waits forever.
    ///   - receiveBufferSize: the socket's receive buffer, so that pipelined acknowledgements fit.
    public init(
        namespacePath: String? = nil, timeout: Duration = .seconds(30), receiveBufferSize: Int = 4 << 20
    ) throws(IPVSError) {
        let open = { () throws(IPVSError) -> OpaquePointer in
            guard let sk = nl_socket_alloc() else {
                throw IPVSError(.connect, .system(call: "nl_socket_alloc", errno: ENOMEM))
            }
            let rc = genl_connect(sk)
            if rc < 0 {
                nl_socket_free(sk)
                throw IPVSError(
                    .connect, .system(call: "genl_connect", errno: GenericNetlinkSocket.errno(fromLibNL: rc)))
            }
            return sk
        }
        let sk: OpaquePointer
        if let namespacePath {
            let opened: Result<OpaquePointer, IPVSError>
            do throws(SystemCallError) {
                opened = try NetworkNamespaceEntry.run(in: namespacePath, open)
            } catch {
                // `open(/run/netns/NAME)`, `setns(/run/netns/NAME)`: the call and the namespace file.
                throw IPVSError(
                    .connect, .system(call: "\(error.call)(\(error.object ?? namespacePath))", errno: error.errno))
            }
            sk = try opened.get()
        } else {
            sk = try open()
        }
        let family = genl_ctrl_resolve(sk, IPVSGenericNetlink.familyName)
        guard family >= 0 else {
            nl_socket_free(sk)
            if -family == NLE_OBJ_NOTFOUND { throw IPVSError(.connect, .ipvsUnavailable) }
            throw IPVSError(
                .connect, .system(call: "genl_ctrl_resolve(IPVS)", errno: GenericNetlinkSocket.errno(fromLibNL: family))
            )
        }
        socket = sk
        familyID = UInt16(family)
        descriptor = nl_socket_get_fd(sk)
        let seconds = max(1, Int(timeout.components.seconds))
        timeoutSeconds = seconds
        var tv = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var size = Int32(receiveBufferSize)
        // SO_RCVBUFFORCE passes net.core.rmem_max for CAP_NET_ADMIN; fall back to the capped option.
        if setsockopt(descriptor, SOL_SOCKET, SO_RCVBUFFORCE, &size, 4) != 0 {
            setsockopt(descriptor, SOL_SOCKET, SO_RCVBUF, &size, 4)
        }
        // libnl leaves the send buffer at 32 KiB; a pipelined datagram may be larger.
        var sendSize = Int32(1 << 20)
        if setsockopt(descriptor, SOL_SOCKET, SO_SNDBUFFORCE, &sendSize, 4) != 0 {
            setsockopt(descriptor, SOL_SOCKET, SO_SNDBUF, &sendSize, 4)
        }
        buffer = .allocate(byteCount: bufferSize, alignment: 8)
        lengths = Array(repeating: 0, count: maximumSlots)
    }

    deinit {
        nl_socket_free(socket)
        buffer.deallocate()
    }

    /// Sends one datagram to the kernel.
    public func send(_ datagram: [UInt8]) throws(NetlinkTransportError) {
        while true {
            let n = datagram.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, 0) }
            if n == datagram.count { return }
            if n >= 0 { throw .system(call: "send (short write)", errno: EMSGSIZE) }
            let e = Glibc.errno
            if e == EINTR { continue }
            if e == EAGAIN || e == EWOULDBLOCK { throw .timedOut(seconds: timeoutSeconds) }
            throw .system(call: "send", errno: e)
        }
    }

    /// Receives up to `maximumCount` datagrams with one `recvmmsg(2)`, waiting for the first. The
    /// more are asked for, the smaller each may be (512 KiB shared).
    public func receive(maximumCount: Int) throws(NetlinkTransportError) -> [[UInt8]] {
        let count = max(1, min(maximumCount, maximumSlots))
        let slotSize = bufferSize / count
        while true {
            let n = lengths.withUnsafeMutableBufferPointer { lengths in
                lvs_receive_datagrams(
                    descriptor, buffer.baseAddress, UInt32(slotSize), UInt32(count), lengths.baseAddress,
                    lvs_msg_waitforone())
            }
            if n > 0 {
                var datagrams: [[UInt8]] = []
                datagrams.reserveCapacity(Int(n))
                for i in 0..<Int(n) {
                    let length = Int(lengths[i])
                    guard length <= slotSize else { throw .truncated(length: length) }
                    let start = buffer.baseAddress! + i * slotSize
                    datagrams.append(Array(UnsafeRawBufferPointer(start: start, count: length)))
                }
                return datagrams
            }
            if n == 0 { throw .system(call: "recvmmsg (socket closed)", errno: EPIPE) }
            let e = Glibc.errno
            if e == EINTR { continue }
            if e == EAGAIN || e == EWOULDBLOCK { throw .timedOut(seconds: timeoutSeconds) }
            throw .system(call: "recvmmsg", errno: e)
        }
    }

    /// libnl returns its own codes (`-NLE_*`); map the ones with a system meaning back to errno.
    static func errno(fromLibNL rc: Int32) -> Int32 {
        switch -rc {
        case NLE_PERM: EPERM
        case NLE_NOMEM: ENOMEM
        case NLE_AF_NOSUPPORT: EAFNOSUPPORT
        case NLE_OBJ_NOTFOUND: ENOENT
        case NLE_BAD_SOCK: EBADF
        case NLE_AGAIN: EAGAIN
        default: EIO
        }
    }
}
