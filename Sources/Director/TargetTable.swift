import IPVS

/// The IPVS table lvsd wants now, for the services it owns: lvs.cf's services with the
/// destinations health, drains and adoption call for, and the timeouts. ``ReconcilePlan`` turns
/// the difference from the kernel into operations.
public struct TargetTable: Equatable, Sendable {
    /// One service and the destinations it should have.
    public struct Service: Equatable, Sendable {
        /// The service as it should be programmed.
        public var service: IPVSService
        /// Its destinations, in lvs.cf order (the sorry server last).
        public var destinations: [IPVSDestination]

        /// Creates a target service.
        public init(service: IPVSService, destinations: [IPVSDestination]) {
            self.service = service
            self.destinations = destinations
        }
    }

    /// The services, in lvs.cf order.
    public var services: [Service]
    /// The timeouts to set; nil leaves the kernel's.
    public var timeouts: IPVSTimeouts?

    /// Creates a target.
    public init(services: [Service] = [], timeouts: IPVSTimeouts? = nil) {
        self.services = services
        self.timeouts = timeouts
    }

    /// The target service with `identity`.
    public func service(_ identity: IPVSServiceIdentity) -> Service? {
        services.first { $0.service.identity == identity }
    }
}
