/// Where each block and setting of a parsed file was written, so that checks made after parsing
/// can point at the line to fix. Kept beside the model, not in it, so that two configs that mean
/// the same compare equal however they were laid out.
struct ConfigSourceMap: Sendable {
    /// The global settings (opening is the start of the file).
    var globals = BlockSource(opening: .start)
    /// One per `config.virtualServices` element, same order.
    var virtuals: [ServiceSource] = []
    /// One per `config.failoverServices` element, same order.
    var failovers: [ServiceSource] = []
}

/// Where a virtual or failover block and its server blocks were written.
struct ServiceSource: Sendable {
    var block: BlockSource
    /// One per real server of the service, same order.
    var servers: [BlockSource] = []
}

/// Where a block was opened and where each of its keys was (last) set.
struct BlockSource: Sendable {
    /// The block keyword (or the start of the file for the globals).
    var opening: SourceLocation
    private var keys: [(key: ConfigKey, location: SourceLocation)] = []

    init(opening: SourceLocation) {
        self.opening = opening
        keys.reserveCapacity(8)
    }

    /// Where the key was last set, or nil.
    func location(of key: ConfigKey) -> SourceLocation? {
        for entry in keys where entry.key == key { return entry.location }
        return nil
    }

    /// Where the key was last set, or the block's opening when the key is absent.
    func locationOrOpening(of key: ConfigKey) -> SourceLocation {
        location(of: key) ?? opening
    }

    /// Records a setting; returns where the key had been set before, if it had.
    mutating func record(_ key: ConfigKey, at location: SourceLocation) -> SourceLocation? {
        for i in keys.indices where keys[i].key == key {
            let previous = keys[i].location
            keys[i].location = location
            return previous
        }
        keys.append((key, location))
        return nil
    }
}
