import Glibc

/// Starts a detached POSIX thread running a closure (Foundation's `Thread` is not used in the
/// daemons: its run loop and autorelease machinery are not needed, and a pthread starts with the
/// creator's signal mask, which the daemons rely on).
enum DetachedThread {
    private final class Body {
        let run: () -> Void
        init(_ run: @escaping () -> Void) { self.run = run }
    }

    /// Starts `body` on a new detached thread; returns `pthread_create`'s result (0 on success).
    static func start(_ body: @escaping () -> Void) -> Int32 {
        let retained = Unmanaged.passRetained(Body(body)).toOpaque()
        var thread = pthread_t()
        let started = pthread_create(
            &thread, nil,
            { raw in
                Unmanaged<Body>.fromOpaque(raw!).takeRetainedValue().run()
                return nil
            }, retained)
        guard started == 0 else {
            Unmanaged<Body>.fromOpaque(retained).release()
            return started
        }
        pthread_detach(thread)
        return 0
    }
}
