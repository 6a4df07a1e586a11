import Addressing
import DaemonSupport

/// Announces and withdraws VIPs through BIRD: writes ``BirdVIPConfiguration`` where bird.conf
/// includes it and asks BIRD to re-read its configuration (`configure` on the control socket),
/// so a change costs BIRD a soft reconfiguration, not a restart, and its BGP sessions stay up.
public struct BirdAnnouncer: Sendable {
    /// The file bird.conf includes.
    public var includePath: String
    /// BIRD's control socket.
    public var control: BirdControl
    /// What BIRD was last told, so that an unchanged set costs nothing.
    public private(set) var applied: BirdVIPConfiguration?

    public init(includePath: String, control: BirdControl) {
        self.includePath = includePath
        self.control = control
    }

    /// Makes BIRD announce exactly `vips` (over `sessions` when pulse writes them). Returns false
    /// when that was already so. On an error the next call tries again, whatever it asks for.
    @discardableResult
    public mutating func announce(_ vips: Set<IPAddress>, sessions: BirdSessions? = nil) throws(BirdAnnouncerError)
        -> Bool
    {
        let configuration = BirdVIPConfiguration(announcing: vips, sessions: sessions)
        if applied == configuration { return false }
        applied = nil
        let text = configuration.text
        // BIRD runs as its own user (bird on Debian): the file must be readable by it.
        do { try AtomicFile.write(Array(text.utf8), to: includePath, mode: 0o644) } catch {
            throw .writing(path: includePath, error)
        }
        do { _ = try control.run("configure") } catch { throw .configuring(error) }
        applied = configuration
        return true
    }
}

/// Why ``BirdAnnouncer`` could not apply a set of VIPs.
public enum BirdAnnouncerError: Error, CustomStringConvertible, Sendable {
    case writing(path: String, SystemCallError)
    case configuring(BirdControlError)

    public var description: String {
        switch self {
        case .writing(let path, let error): "writing BIRD's VIP file \(path): \(error)"
        case .configuring(let error): "reconfiguring BIRD: \(error)"
        }
    }
}
