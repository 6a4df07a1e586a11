import DaemonSupport
import Glibc

/// Replaces lvs.cf safely, for the web tool's save and revert and for a peer receiving a
/// director's file (`lvsctl install-config`): the new bytes are checked exactly as check-config
/// checks a file and refused whole if they have an error; otherwise the current file is kept as
/// `lvs.cf.previous` and the new one put in place atomically (a reader, pulse reloading, sees the
/// old file or the new, never half). The file keeps its mode, without write access for others.
public struct LVSConfigInstaller: Sendable {
    /// The largest file accepted.
    public static let sizeLimit = 16 << 20

    /// The live file.
    public var path: String

    /// An installer for the file at `path`.
    public init(path: String) { self.path = path }

    /// Where the previous version is kept.
    public var previousPath: String { path + ".previous" }

    /// Checks `bytes` and, without errors, makes them the live file. Returns the warnings, and
    /// whether anything changed (the same bytes are not written again).
    public func install(_ bytes: [UInt8], parser: LVSConfigParser = LVSConfigParser()) throws(LVSConfigInstallError)
        -> LVSConfigInstallResult
    {
        guard bytes.count <= Self.sizeLimit else { throw .tooLarge(size: bytes.count, limit: Self.sizeLimit) }
        let result = parser.parse(bytes, file: path)
        if result.hasErrors { throw .invalid(path: path, diagnostics: result.diagnostics) }
        let current = try read(path)
        if current?.bytes == bytes { return LVSConfigInstallResult(diagnostics: result.diagnostics, changed: false) }
        // Never more permissive than the old file: no write access for group or others, no
        // set-ID bits.
        let mode = current.map { $0.mode & 0o755 } ?? 0o644
        if let current {
            // Checked first: the rename would replace a directory's or a FIFO's name silently.
            try requireRegularOrAbsent(previousPath)
            try write(current.bytes, to: previousPath, mode: mode)
        }
        try write(bytes, to: path, mode: mode)
        return LVSConfigInstallResult(diagnostics: result.diagnostics, changed: true)
    }

    /// Puts the previous version back, after checking it; the live file becomes the previous
    /// one, so a second revert undoes the first.
    public func revert(parser: LVSConfigParser = LVSConfigParser()) throws(LVSConfigInstallError)
        -> LVSConfigInstallResult
    {
        guard let previous = try read(previousPath) else { throw .noPrevious(path: previousPath) }
        let result = parser.parse(previous.bytes, file: previousPath)
        if result.hasErrors { throw .invalid(path: previousPath, diagnostics: result.diagnostics) }
        let current = try read(path)
        let mode = current.map { $0.mode & 0o755 } ?? (previous.mode & 0o755)
        if let current { try write(current.bytes, to: previousPath, mode: mode) }
        do {
            try write(previous.bytes, to: path, mode: mode)
        } catch {
            // The previous version exists only in memory now: put it back where it was, so that a
            // failed revert leaves both files as they were.
            if current != nil { try? write(previous.bytes, to: previousPath, mode: previous.mode & 0o755) }
            throw error
        }
        return LVSConfigInstallResult(diagnostics: result.diagnostics, changed: current?.bytes != previous.bytes)
    }

    /// Whether a previous version exists (a regular file).
    public func previousExists() -> Bool {
        (try? read(previousPath)) != nil
    }

    private func read(_ file: String) throws(LVSConfigInstallError) -> RegularFile.Contents? {
        do {
            return try RegularFile.contents(file, limit: Self.sizeLimit, followingSymbolicLinks: false)
        } catch {
            switch error {
            case .system(let cause) where cause.errno == ENOENT: return nil
            // O_NOFOLLOW's answer for a symbolic link, and RegularFile's for a directory.
            case .system(let cause) where cause.errno == ELOOP: throw .notRegular(path: file, kind: .symbolicLink)
            case .system(let cause) where cause.errno == EISDIR: throw .notRegular(path: file, kind: .directory)
            case .notARegularFile(_, let kind): throw .notRegular(path: file, kind: kind)
            default: throw .reading(path: file, reason: error.description)
            }
        }
    }

    /// Refuses `file` unless it is a regular file or does not exist (the link itself is looked at).
    private func requireRegularOrAbsent(_ file: String) throws(LVSConfigInstallError) {
        let kind: FileKind?
        do {
            kind = try FileKind.of(path: file)
        } catch {
            throw .reading(path: file, reason: error.description)
        }
        if let kind, kind != .regular { throw .notRegular(path: file, kind: kind) }
    }

    private func write(_ bytes: [UInt8], to file: String, mode: mode_t) throws(LVSConfigInstallError) {
        do {
            try AtomicFile.write(bytes, to: file, mode: mode)
        } catch {
            throw .writing(path: file, reason: error.description)
        }
    }
}

/// What an install or revert did.
public struct LVSConfigInstallResult: Sendable, Equatable {
    /// The file's warnings (it had no errors).
    public var diagnostics: [Diagnostic]
    /// Whether the live file changed.
    public var changed: Bool

    /// A result.
    public init(diagnostics: [Diagnostic], changed: Bool) {
        self.diagnostics = diagnostics
        self.changed = changed
    }
}

/// Why lvs.cf was not replaced; nothing was written.
public enum LVSConfigInstallError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The new file has errors.
    case invalid(path: String, diagnostics: [Diagnostic])
    /// Larger than ``LVSConfigInstaller/sizeLimit``.
    case tooLarge(size: Int, limit: Int)
    /// The live or previous file exists but is not a regular file (a symbolic link, a directory,
    /// a FIFO): it is left alone.
    case notRegular(path: String, kind: FileKind)
    /// The live or previous file could not be read.
    case reading(path: String, reason: String)
    /// Writing failed.
    case writing(path: String, reason: String)
    /// There is no previous version to revert to.
    case noPrevious(path: String)

    /// The reason, naming the file.
    public var description: String {
        switch self {
        case .invalid(let path, let diagnostics):
            let errors = diagnostics.filter { $0.severity == .error }
            return "\(path) not installed: \(errors.count) error\(errors.count == 1 ? "" : "s"): "
                + errors.map(\.description).joined(separator: "; ")
        case .tooLarge(let size, let limit): return "lvs.cf not installed: \(size) bytes, at most \(limit) are accepted"
        case .notRegular(let path, let kind):
            return "\(path): not a regular file (it is \(kind.rawValue)); left alone, nothing was written"
        case .reading(let path, let reason): return "reading \(path): \(reason)"
        case .writing(let path, let reason): return "writing \(path): \(reason)"
        case .noPrevious(let path): return "no previous version to revert to (\(path) does not exist)"
        }
    }
}
