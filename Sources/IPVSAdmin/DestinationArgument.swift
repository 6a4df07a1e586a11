import Addressing
import IPVS

/// A destination as ipvsadm's command line builds it up (`ipvs_dest_t`).
struct DestinationArgument: Sendable {
    var family: UInt16 = 0
    var address: IPAddress?
    var port: UInt16 = 0
    var forwarding: UInt32 = IPVSForwardingMethod.directRoute.rawValue
    var weight: Int = 1
    var upperThreshold: Int = 0
    var lowerThreshold: Int = 0
    var tunnelType = 0
    var tunnelPort: UInt16 = 0
    var tunnelFlags: UInt16 = 0

    /// The destination to program (the address was checked by the matrix).
    var destination: IPVSDestination {
        IPVSDestination(
            address: address ?? .v4(.any), port: port,
            forwarding: IPVSForwardingMethod(rawValue: forwarding & IPVSForwardingMethod.mask) ?? .directRoute,
            weight: Int32(weight), upperThreshold: UInt32(upperThreshold), lowerThreshold: UInt32(lowerThreshold),
            tunnel: IPVSTunnel(
                type: IPVSTunnelType(rawValue: UInt8(tunnelType)) ?? .ipip, port: tunnelPort,
                checksum: IPVSTunnelChecksum(rawValue: tunnelFlags) ?? .none))
    }
}
