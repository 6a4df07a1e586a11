import CLVSTLS

/// An incremental MD5 over bytes fed in pieces (libcrypto's EVP digest): the HTTP check hashes
/// a body of any length without keeping it.
final class MD5Hasher {
    // nil only when libcrypto could not allocate a state; finish() then returns nil.
    private var state: OpaquePointer?

    init() {
        state = lvs_md5_new()
    }

    deinit {
        if let state { lvs_md5_free(state) }
    }

    /// Adds `bytes`.
    func update(_ bytes: some Collection<UInt8>) {
        guard let state, !bytes.isEmpty else { return }
        let done = bytes.withContiguousStorageIfAvailable { lvs_md5_update(state, $0.baseAddress, $0.count) }
        if done == nil {
            let copy = Array(bytes)
            _ = copy.withUnsafeBufferPointer { lvs_md5_update(state, $0.baseAddress, $0.count) }
        }
    }

    /// The digest of everything added; nil if libcrypto failed. Ends the hasher.
    func finish() -> MD5Digest? {
        guard let state else { return nil }
        var out = [UInt8](repeating: 0, count: 16)
        let ok = lvs_md5_final(state, &out)
        lvs_md5_free(state)
        self.state = nil
        return ok == 1 ? MD5Digest(bytes: out) : nil
    }
}
