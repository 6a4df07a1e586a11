import IPVS

extension Director {
    /// `virtual www (TCP 192.0.2.10:80)`.
    static func label(_ service: DesiredService) -> String {
        "virtual \(service.name) (\(service.identity))"
    }

    /// `virtual www (TCP 192.0.2.10:80)`, or the bare identity for a service lvs.cf does not name.
    public func label(_ identity: IPVSServiceIdentity) -> String {
        desired.service(identity).map(Self.label) ?? "service \(identity)"
    }

    /// `real server rs1 (10.0.1.10:80) of virtual www (TCP 192.0.2.10:80)`.
    public func label(_ key: RealServerKey) -> String {
        guard let service = desired.service(key.service) else { return "real server \(key)" }
        if let server = service.server(key.server) {
            return "real server \(server.name) (\(key.server)) of \(Self.label(service))"
        }
        if service.sorryServer?.identity == key.server {
            return "sorry server \(key.server) of \(Self.label(service))"
        }
        return "real server \(key.server) of \(Self.label(service))"
    }

    /// An operation in the words of lvs.cf, with the details that matter to an admin:
    /// `adding real server rs1 (10.0.1.10:80) to virtual www (TCP 192.0.2.10:80) with weight 2 (masquerade)`.
    public func describe(_ operation: IPVSOperation) -> String {
        switch operation {
        case .addService(let service):
            "adding \(label(service.identity)) (\(Self.settingsText(service)))"
        case .editService(let service):
            "editing \(label(service.identity)) in place (\(Self.settingsText(service)))"
        case .deleteService(let identity):
            desired.service(identity) == nil
                ? "deleting service \(identity), which lvs.cf no longer names" : "deleting \(label(identity))"
        case .addDestination(let destination, let service):
            "adding \(serverLabel(destination.identity, service)) to \(label(service)) with weight \(destination.weight) (\(Self.forwardingText(destination.forwarding)))"
        case .editDestination(let destination, let service):
            "setting \(serverLabel(destination.identity, service)) of \(label(service)) to weight \(destination.weight) (\(Self.forwardingText(destination.forwarding)))"
        case .deleteDestination(let destination, let service):
            "removing \(serverLabel(destination, service)) from \(label(service))"
        case .setTimeouts(let timeouts):
            "setting IPVS timeouts (\(Self.timeoutsText(timeouts)))"
        default:
            operation.description
        }
    }

    private func serverLabel(_ server: IPVSDestinationIdentity, _ identity: IPVSServiceIdentity) -> String {
        guard let service = desired.service(identity) else { return "real server \(server)" }
        if let named = service.server(server) { return "real server \(named.name) (\(server))" }
        if service.sorryServer?.identity == server { return "sorry server \(server)" }
        return "real server \(server) (not in lvs.cf)"
    }

    /// `scheduler wlc`, `scheduler rr, persistent 300 s mask 255.255.255.0`.
    static func settingsText(_ service: IPVSService) -> String {
        var text = "scheduler \(service.scheduler)"
        if service.isPersistent { text += ", persistent \(persistenceText(service))" }
        return text
    }

    /// `masquerade`, `direct routing`, `tunnel`, `local`.
    static func forwardingText(_ method: IPVSForwardingMethod) -> String {
        switch method {
        case .masquerade: "masquerade"
        case .directRoute: "direct routing"
        case .tunnel: "tunnel"
        case .local: "local"
        }
    }

    /// The values a `SET_CONFIG` changes (0 leaves a value): `tcp 900, udp 60`.
    static func timeoutsText(_ timeouts: IPVSTimeouts) -> String {
        var parts: [String] = []
        if timeouts.tcp != 0 { parts.append("tcp \(timeouts.tcp) s") }
        if timeouts.tcpFin != 0 { parts.append("tcpfin \(timeouts.tcpFin) s") }
        if timeouts.udp != 0 { parts.append("udp \(timeouts.udp) s") }
        return parts.joined(separator: ", ")
    }
}
