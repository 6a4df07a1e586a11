import Addressing
import CLVSShims
import Glibc

/// A socket: its descriptor and the calls the suite makes on sockets, each with the call's name
/// in its error. Always close-on-exec; IP addresses go through ``Addressing/SocketAddress``, Unix
/// sockets by path. The one place that calls `socket(2)`.
public struct Socket: Sendable, Hashable, CustomStringConvertible {
    /// `SOCK_STREAM`, `SOCK_DGRAM` or `SOCK_RAW`.
    public enum Kind: Sendable {
        case stream, datagram, raw

        var rawValue: CInt {
            switch self {
            case .stream: CInt(SOCK_STREAM.rawValue)
            case .datagram: CInt(SOCK_DGRAM.rawValue)
            case .raw: CInt(SOCK_RAW.rawValue)
            }
        }
    }

    /// The descriptor, for the event loop and reads.
    public let descriptor: FileDescriptor

    /// Wraps a socket descriptor opened elsewhere (accepted, inherited).
    public init(descriptor: FileDescriptor) { self.descriptor = descriptor }

    /// Opens a socket of `family` (`AF_INET`, `AF_UNIX`, …), close-on-exec, optionally non-blocking.
    public init(family: CInt, _ kind: Kind, protocol: CInt = 0, nonBlocking: Bool = false) throws(SystemCallError) {
        let type = kind.rawValue | CInt(SOCK_CLOEXEC.rawValue) | (nonBlocking ? CInt(SOCK_NONBLOCK.rawValue) : 0)
        let fd = try SystemCall.run("socket") { Glibc.socket(family, type, `protocol`) }
        descriptor = FileDescriptor(rawValue: fd)
    }

    /// An IP socket for `address`'s family.
    public init(for address: SocketAddress, _ kind: Kind, nonBlocking: Bool = false) throws(SystemCallError) {
        try self.init(family: address.family, kind, nonBlocking: nonBlocking)
    }

    public var description: String { descriptor.description }

    /// Closes it, ignoring errors.
    public func closeQuietly() { descriptor.closeQuietly() }

    // MARK: Addresses

    /// Connects to `address`. Returns `false` when a non-blocking connect is under way
    /// (`EINPROGRESS`): wait for writable, then ask ``pendingError()``.
    @discardableResult
    public func connect(to address: SocketAddress) throws(SystemCallError) -> Bool {
        let fd = descriptor.rawValue
        return try Self.connecting(address.description) { address.withSocketAddress { Glibc.connect(fd, $0, $1) } }
    }

    /// Binds to `address`.
    public func bind(to address: SocketAddress) throws(SystemCallError) {
        let fd = descriptor.rawValue
        try SystemCall.run("bind", on: address.description) { address.withSocketAddress { Glibc.bind(fd, $0, $1) } }
    }

    /// Connects a Unix socket to `path`; `false` when it must wait (a full listen queue).
    @discardableResult
    public func connect(toPath path: String) throws(SystemCallError) -> Bool {
        let fd = descriptor.rawValue
        return try Self.connecting(path) { lvs_unix_connect(fd, path) }
    }

    /// Binds a Unix socket to `path`.
    public func bind(toPath path: String) throws(SystemCallError) {
        let fd = descriptor.rawValue
        try SystemCall.run("bind", on: path) { lvs_unix_bind(fd, path) }
    }

    /// Listens, with a queue of `backlog`.
    public func listen(backlog: CInt, naming object: String? = nil) throws(SystemCallError) {
        let fd = descriptor.rawValue
        try SystemCall.run("listen", on: object) { Glibc.listen(fd, backlog) }
    }

    /// The next waiting connection of a listening socket, non-blocking and close-on-exec
    /// (`accept4`); nil when none waits.
    public func accept() throws(SystemCallError) -> Socket? {
        let fd = descriptor.rawValue
        let accepted = try SystemCall.run("accept4", tolerating: [EAGAIN, EWOULDBLOCK]) { lvs_accept_nonblocking(fd) }
        guard let accepted else { return nil }
        return Socket(descriptor: FileDescriptor(rawValue: accepted))
    }

    /// The address it is bound to (`getsockname`), nil when not an IP socket.
    public func localAddress() throws(SystemCallError) -> SocketAddress? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let fd = descriptor.rawValue
        try SystemCall.run("getsockname") {
            withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
            }
        }
        return SocketAddress(storage: storage)
    }

    /// The error a non-blocking connect ended with (`SO_ERROR`), 0 when it succeeded.
    public func pendingError() -> CInt {
        var error: CInt = 0
        var length = socklen_t(MemoryLayout<CInt>.size)
        if getsockopt(descriptor.rawValue, SOL_SOCKET, SO_ERROR, &error, &length) != 0 { return Glibc.errno }
        return error
    }

    /// Sets an integer option (`setsockopt`); `name` names it in the error (`IP_TOS`).
    public func setOption(level: CInt, _ option: CInt, to value: CInt, name: String) throws(SystemCallError) {
        var value = value
        let fd = descriptor.rawValue
        try SystemCall.run("setsockopt(\(name))") {
            setsockopt(fd, level, option, &value, socklen_t(MemoryLayout<CInt>.size))
        }
    }

    /// Sets an option whose value is a structure or a string (`ip_mreqn`, `SO_BINDTODEVICE`), given
    /// as its bytes; `name` names it in the error.
    public func setOption(level: CInt, _ option: CInt, bytes: [UInt8], name: String) throws(SystemCallError) {
        let fd = descriptor.rawValue
        try SystemCall.run("setsockopt(\(name))") {
            bytes.withUnsafeBytes { setsockopt(fd, level, option, $0.baseAddress, socklen_t($0.count)) }
        }
    }

    /// Sets an option whose value is a C structure (`ip_mreqn`, `ipv6_mreq`).
    public func setOption<Value>(level: CInt, _ option: CInt, value: Value, name: String) throws(SystemCallError) {
        try setOption(level: level, option, bytes: withUnsafeBytes(of: value) { Array($0) }, name: name)
    }

    // MARK: Data

    /// Sends what the socket takes now (`MSG_NOSIGNAL`: a closed peer is an error, not SIGPIPE).
    /// Returns how many bytes, or nil when it would block.
    public func send(_ bytes: some Collection<UInt8>, flags: CInt = 0) throws(SystemCallError) -> Int? {
        let fd = descriptor.rawValue
        let all = Array(bytes)
        return try SystemCall.run("send", tolerating: [EAGAIN, EWOULDBLOCK]) {
            all.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, CInt(MSG_NOSIGNAL) | flags) }
        }
    }

    /// Sends one datagram to `address`. Returns how many bytes, or nil when it would block.
    public func send(_ bytes: [UInt8], to address: SocketAddress, flags: CInt = 0) throws(SystemCallError) -> Int? {
        let fd = descriptor.rawValue
        return try SystemCall.run("sendto", tolerating: [EAGAIN, EWOULDBLOCK]) {
            bytes.withUnsafeBytes { buffer in
                address.withSocketAddress {
                    sendto(fd, buffer.baseAddress, buffer.count, CInt(MSG_NOSIGNAL) | flags, $0, $1)
                }
            }
        }
    }

    /// The next datagram (at most `limit` bytes; longer ones arrive truncated) and its sender
    /// (nil for a family other than IP), or nil when none waits. `tolerating` adds errors that
    /// count as "none" (`ECONNREFUSED` left by an ICMP error).
    public func receive(
        upTo limit: Int, tolerating: Set<CInt> = []
    ) throws(SystemCallError) -> (bytes: [UInt8], source: SocketAddress?)? {
        var buffer = [UInt8](repeating: 0, count: limit)
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let fd = descriptor.rawValue
        let outcome = buffer.withUnsafeMutableBytes { raw in
            Result { () throws(SystemCallError) -> Int? in
                try SystemCall.run("recvfrom", tolerating: tolerating.union([EAGAIN, EWOULDBLOCK])) {
                    withUnsafeMutablePointer(to: &storage) {
                        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                            recvfrom(fd, raw.baseAddress, raw.count, 0, $0, &length)
                        }
                    }
                }
            }
        }
        guard let received = try outcome.get() else { return nil }
        buffer.removeSubrange(received...)
        return (buffer, SocketAddress(storage: storage))
    }

    /// IPv6 (an `AF_INET6` raw socket with `IPV6_RECVHOPLIMIT` and `IPV6_RECVPKTINFO` set): the next
    /// datagram, its sender and the destination and hop limit its IPv6 header carried (nil and -1
    /// when the kernel gave none), or nil when none waits.
    public func receiveWithHeader(
        upTo limit: Int
    ) throws(SystemCallError) -> (bytes: [UInt8], source: SocketAddress?, destination: IPAddress?, hopLimit: Int)? {
        var buffer = [UInt8](repeating: 0, count: limit)
        var source = sockaddr_in6()
        var destination = in6_addr()
        var hopLimit: CInt = -1
        let fd = descriptor.rawValue
        let outcome = buffer.withUnsafeMutableBufferPointer { raw in
            Result { () throws(SystemCallError) -> Int? in
                try SystemCall.run("recvmsg", tolerating: [EAGAIN, EWOULDBLOCK]) {
                    lvs_receive_inet6(fd, raw.baseAddress, raw.count, &source, &destination, &hopLimit)
                }
            }
        }
        guard let received = try outcome.get() else { return nil }
        buffer.removeSubrange(received...)
        var storage = sockaddr_storage()
        withUnsafeMutableBytes(of: &storage) { target in
            withUnsafeBytes(of: source) { target.copyMemory(from: $0) }
        }
        let target = withUnsafeBytes(of: destination) { IPAddress(bytes: Array($0)) }
        return (buffer, SocketAddress(storage: storage), target == IPAddress("::") ? nil : target, Int(hopLimit))
    }

    /// Runs a connect call: true when connected, false while it is under way.
    private static func connecting(_ object: String, _ call: () -> CInt) throws(SystemCallError) -> Bool {
        while true {
            if call() == 0 { return true }
            let code = Glibc.errno
            if code == EINTR { continue }
            if code == EINPROGRESS || code == EALREADY || code == EAGAIN { return false }
            throw SystemCallError(call: "connect", object: object, errno: code)
        }
    }
}
