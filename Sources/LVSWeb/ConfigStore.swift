import DaemonSupport
import LVSConfig

/// lvs.cf on disk, as the web tool reads and replaces it: reads are bounded and refuse anything
/// but a regular file; saves and reverts go through ``LVSConfigInstaller`` (checked, atomic, the
/// previous version kept for a one-click revert).
public struct ConfigStore: Sendable {
    /// The file.
    public var path: String

    /// The store of the file at `path`.
    public init(path: String) { self.path = path }

    /// The file as an editable document.
    public func load() throws(WebFileError) -> LVSConfigDocument {
        LVSConfigDocument(bytes: try WebFileError.reading(path, limit: LVSConfigInstaller.sizeLimit).bytes)
    }

    /// Replaces the file with `document` if it has no errors.
    public func save(_ document: LVSConfigDocument) throws(LVSConfigInstallError) -> LVSConfigInstallResult {
        try LVSConfigInstaller(path: path).install(document.bytes)
    }

    /// Puts the previous version back (the current one becomes the previous).
    public func revert() throws(LVSConfigInstallError) {
        _ = try LVSConfigInstaller(path: path).revert()
    }

    /// Whether there is a previous version to go back to.
    public var hasPrevious: Bool { LVSConfigInstaller(path: path).previousExists() }

    /// Why the file's permissions are unsafe (others may change it, so anybody could change the
    /// cluster), or nil.
    public func permissionProblem() -> String? {
        guard let contents = try? RegularFile.contents(path, limit: LVSConfigInstaller.sizeLimit) else { return nil }
        let mode = contents.mode & 0o777
        guard mode & 0o022 != 0 else { return nil }
        return "\(path) has mode \(String(mode, radix: 8)): users other than its owner may change it; chmod go-w"
    }
}
