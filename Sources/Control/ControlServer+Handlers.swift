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

    /// pulse's requests decoded, answered by `handle` through `reply`, at once or later (a
    /// reload is read off pulse's loop; see ``DeferredLineHandler``).
    public static func pulseHandler(
        _ handle:
            @escaping (PulseRequest, ControlPeer, _ reply: @escaping (ControlResponse<PulseStatus>) -> Void) -> Void
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
