import Addressing
import IPVS

/// ipvsadm's listing order: libipvs's comparators (`ipvs_cmp_services`, `ipvs_cmp_dests`) run by
/// glibc 2.36's `qsort`, which is a top-down merge sort.
///
/// The comparators subtract unsigned 32-bit values into an `int`, so addresses 2^31 or more
/// apart compare backwards (10.0.0.1 sorts after 200.0.0.1), and the result is not a total order;
/// reproducing the same algorithm on the same input (the kernel's dump order) gives the same output.
enum IPVSSortOrder {
    /// `ipvs_cmp_services`: mark, family, protocol, address, port.
    static func compare(_ a: IPVSService, _ b: IPVSService) -> Int32 {
        let ka = ServiceKey(a.identity)
        let kb = ServiceKey(b.identity)
        var r = Int32(truncatingIfNeeded: ka.mark &- kb.mark)
        if r != 0 { return r }
        r = Int32(ka.family) - Int32(kb.family)
        if r != 0 { return r }
        r = Int32(ka.protocolNumber) - Int32(kb.protocolNumber)
        if r != 0 { return r }
        r = compareWords(ka.words, kb.words, ipv6: ka.family == AddressFamily.inet6.rawValue)
        if r != 0 { return r }
        return Int32(ka.port) - Int32(kb.port)
    }

    /// `ipvs_cmp_dests`: address (as the first one's family reads it), then port.
    static func compare(_ a: IPVSDestination, _ b: IPVSDestination) -> Int32 {
        let r = compareWords(words(a.address), words(b.address), ipv6: a.address.family == .inet6)
        if r != 0 { return r }
        return Int32(a.port) - Int32(b.port)
    }

    /// glibc's `msort_with_tmp`: split at n/2, sort both halves, merge taking the left element
    /// while `compare(left, right) <= 0`.
    static func sorted<T>(_ items: [T], by compare: (T, T) -> Int32) -> [T] {
        guard items.count > 1 else { return items }
        var work = items
        var scratch = items
        mergeSort(&work, &scratch, 0, items.count, compare)
        return work
    }

    private static func mergeSort<T>(
        _ a: inout [T], _ tmp: inout [T], _ start: Int, _ count: Int, _ compare: (T, T) -> Int32
    ) {
        if count <= 1 { return }
        let n1 = count / 2
        let n2 = count - n1
        mergeSort(&a, &tmp, start, n1, compare)
        mergeSort(&a, &tmp, start + n1, n2, compare)
        var i = start
        var j = start + n1
        let iEnd = start + n1
        let jEnd = start + count
        var k = 0
        while i < iEnd, j < jEnd {
            if compare(a[i], a[j]) <= 0 {
                tmp[k] = a[i]
                i += 1
            } else {
                tmp[k] = a[j]
                j += 1
            }
            k += 1
        }
        while i < iEnd {
            tmp[k] = a[i]
            i += 1
            k += 1
        }
        // What is left of the right half is already in place.
        for m in 0..<k { a[start + m] = tmp[m] }
    }

    /// The fields libipvs compares, as its `ipvs_service_entry_t` holds them: fwmark services
    /// have protocol, address and port 0.
    private struct ServiceKey {
        var mark: UInt32 = 0
        var family: UInt16
        var protocolNumber: UInt16 = 0
        var words: [UInt32] = [0, 0, 0, 0]
        var port: UInt16 = 0

        init(_ identity: IPVSServiceIdentity) {
            family = identity.family.rawValue
            switch identity {
            case .firewallMark(let m, _):
                mark = m
            case .address(let p, let address, let port):
                protocolNumber = p.rawValue
                words = IPVSSortOrder.words(address)
                self.port = port
            }
        }
    }

    /// `union nf_inet_addr` as four host-order words (IPv4 in the first, the rest zero).
    private static func words(_ address: IPAddress) -> [UInt32] {
        switch address {
        case .v4(let a): [a.value, 0, 0, 0]
        case .v6(let a):
            [UInt32(a.high >> 32), UInt32(a.high & 0xFFFF_FFFF), UInt32(a.low >> 32), UInt32(a.low & 0xFFFF_FFFF)]
        }
    }

    private static func compareWords(_ a: [UInt32], _ b: [UInt32], ipv6: Bool) -> Int32 {
        if !ipv6 { return Int32(truncatingIfNeeded: a[0] &- b[0]) }
        for i in 0..<4 {
            let r = Int32(truncatingIfNeeded: a[i] &- b[i])
            if r != 0 { return r }
        }
        return 0
    }
}
