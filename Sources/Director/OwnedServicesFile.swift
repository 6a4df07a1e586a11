import DaemonSupport
import IPVS
import Logging

/// The record of owned services under the runtime directory, read once at start.
public enum OwnedServicesFile {
    /// The services an earlier lvsd owned; none when there is no record or it cannot be used
    /// (said in the log: lvsd then only deletes what lvs.cf names).
    public static func load(_ path: String, logger: Logger) -> Set<IPVSServiceIdentity> {
        do {
            guard let bytes = try AtomicFile.read(path) else { return [] }
            let services = try OwnedServicesRecord.decode(String(decoding: bytes, as: UTF8.self))
            if !services.isEmpty { logger.info("\(path): an earlier lvsd owned \(services.count) service(s)") }
            return services
        } catch {
            logger.error("ignoring \(path): \(error)")
            return []
        }
    }
}
