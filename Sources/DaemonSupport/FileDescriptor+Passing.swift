import CLVSShims
import Glibc

extension FileDescriptor {
    /// Sends `bytes` as one message on a Unix socket, with `descriptor` attached (SCM_RIGHTS).
    public func sendMessage(_ bytes: [UInt8], passing descriptor: FileDescriptor? = nil) throws(SystemCallError) {
        let sent = try SystemCall.run("sendmsg") {
            bytes.withUnsafeBytes {
                lvs_send_with_descriptor(rawValue, $0.baseAddress, $0.count, descriptor?.rawValue ?? -1)
            }
        }
        if sent != bytes.count {
            throw SystemCallError(call: "sendmsg", errno: EMSGSIZE)
        }
    }

    /// Receives one message of at most `limit` bytes from a Unix socket, and the descriptor
    /// attached to it (close-on-exec), if any. An empty message with no descriptor means the
    /// other end closed.
    public func receiveMessage(limit: Int) throws(SystemCallError) -> (bytes: [UInt8], descriptor: FileDescriptor?) {
        var passed: CInt = -1
        var bytes = [UInt8](repeating: 0, count: limit)
        let count = try SystemCall.run("recvmsg") {
            bytes.withUnsafeMutableBytes { lvs_receive_with_descriptor(rawValue, $0.baseAddress, $0.count, &passed) }
        }
        bytes.removeSubrange(count...)
        return (bytes, passed >= 0 ? FileDescriptor(rawValue: passed) : nil)
    }
}
