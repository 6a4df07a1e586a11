#if canImport(Glibc)
import Glibc
#endif
import Addressing
import Interfaces

/// `send_arp`: parses the command line, builds the frames with the Interfaces library and sends
/// them. Exit status 0 sent, 1 failed, 2 bad arguments.
@main
enum SendARPCommand {
    static func main() {
        let arguments: SendARPArguments?
        do {
            arguments = try SendARPArguments.parse(Array(CommandLine.arguments.dropFirst()))
        } catch {
            fail("send_arp: \(error.message)", status: 2)
        }
        guard let arguments else {
            write(SendARPArguments.help, to: STDOUT_FILENO)
            exit(0)
        }
        do {
            switch arguments {
            case .piranha(let device, let address, let mac, let destination):
                let socket = try PacketSocket(interface: device)
                try socket.send(ARPFrame.gratuitousReply(announcing: address, from: mac, to: destination).bytes)
            case .lookup(let device, let address):
                let announcer = try AddressAnnouncer(device: device, routeSocket: RouteNetlinkSocket())
                try announcer.announce(address)
            }
        } catch {
            fail("send_arp: \(error)", status: 1)
        }
        exit(0)
    }

    static func fail(_ line: String, status: Int32) -> Never {
        write(line + "\n", to: STDERR_FILENO)
        exit(status)
    }

    static func write(_ text: String, to descriptor: Int32) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            if n <= 0 { return }
            bytes = bytes.dropFirst(n)
        }
    }
}
