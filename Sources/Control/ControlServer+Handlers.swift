extension ControlServer {
    /// A line handler for lvsd: decodes each line as an ``LVSDRequest`` (a bad one gets an error
    /// response naming what is wrong) and encodes `handle`'s answer.
    public static func lvsdHandler(
        _ handle: @escaping (LVSDRequest, ControlPeer) -> ControlResponse<LVSDStatus>
    ) -> LineHandler {
        { peer, line in
            let request: LVSDRequest
            do throws(ControlRequestError) {
                request = try LVSDRequest(line: line)
            } catch {
                return ControlResponse<LVSDStatus>.failure(error.message).line
            }
            return handle(request, peer).line
        }
    }

    /// A line handler for pulse: decodes each line as a ``PulseRequest`` and encodes `handle`'s answer.
    public static func pulseHandler(
        _ handle: @escaping (PulseRequest, ControlPeer) -> ControlResponse<PulseStatus>
    ) -> LineHandler {
        { peer, line in
            let request: PulseRequest
            do throws(ControlRequestError) {
                request = try PulseRequest(line: line)
            } catch {
                return ControlResponse<PulseStatus>.failure(error.message).line
            }
            return handle(request, peer).line
        }
    }

    /// ``pulseHandler(_:)`` for answers that may come later (see ``DeferredLineHandler``).
    public static func deferredPulseHandler(
        _ handle: @escaping (PulseRequest, ControlPeer, _ reply: @escaping (ControlResponse<PulseStatus>) -> Void) -> Void
    ) -> DeferredLineHandler {
        { peer, line, reply in
            let request: PulseRequest
            do throws(ControlRequestError) {
                request = try PulseRequest(line: line)
            } catch {
                return reply(ControlResponse<PulseStatus>.failure(error.message).line)
            }
            handle(request, peer) { reply($0.line) }
        }
    }
}
