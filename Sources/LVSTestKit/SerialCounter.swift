#if canImport(Glibc)
import Glibc
#endif

/// A thread-safe counter for unique names (of labs, scratch files, batches).
public final class SerialCounter: @unchecked Sendable {
    private var value = 0
    private var lock = pthread_mutex_t()
    /// A counter whose first ``next()`` is 1.
    public init() { pthread_mutex_init(&lock, nil) }
    /// The next number.
    public func next() -> Int {
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        value += 1
        return value
    }
}
