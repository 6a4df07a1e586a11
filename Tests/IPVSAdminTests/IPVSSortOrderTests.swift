import Addressing
import IPVS
import Testing

@testable import IPVSAdmin

@Suite struct IPVSSortOrderTests {
    func service(_ address: String, _ port: UInt16 = 80, _ proto: IPVSProtocol = .tcp) -> IPVSService {
        IPVSService(identity: .address(proto, IPAddress(address)!, port: port))
    }

    func names(_ services: [IPVSService]) -> [String] { services.map(\.identity.description) }

    @Test func addressesMoreThanTwoToTheThirtyOneApartCompareBackwards() {
        #expect(IPVSSortOrder.compare(service("10.0.0.1"), service("200.0.0.1")) > 0)
        #expect(IPVSSortOrder.compare(service("10.0.0.1"), service("10.0.0.2")) < 0)
        #expect(
            names(IPVSSortOrder.sorted([service("200.0.0.1"), service("10.0.0.1")], by: IPVSSortOrder.compare))
                == ["TCP 200.0.0.1:80", "TCP 10.0.0.1:80"])
    }

    @Test func markThenFamilyThenProtocolThenAddressThenPort() {
        let input = [
            IPVSService(identity: .firewallMark(5, family: .inet)),
            service("10.0.0.1", 81),
            service("2001:db8::1"),
            service("10.0.0.1", 80, .udp),
            service("10.0.0.1", 80),
            IPVSService(identity: .firewallMark(2, family: .inet6)),
            IPVSService(identity: .firewallMark(3_000_000_000, family: .inet)),
        ]
        #expect(
            names(IPVSSortOrder.sorted(input, by: IPVSSortOrder.compare)) == [
                "FWM 3000000000", "TCP 10.0.0.1:80", "TCP 10.0.0.1:81", "UDP 10.0.0.1:80", "TCP [2001:db8::1]:80",
                "FWM 2 IPv6", "FWM 5",
            ])
    }

    /// With a comparator that is not a total order, the outcome depends on the algorithm: this is
    /// glibc's merge sort, worked by hand. a=10.0.0.1, b=200.0.0.1, c=100.0.0.1:
    /// a>b (wraps), c<b, a<c. Split [a,b,c] into [a] and [b,c]; [b,c] merges to [c,b];
    /// merging [a] with [c,b]: a<=c takes a, then c, b.
    @Test func nonTransitiveOrderFollowsGlibcsMergeSort() {
        let input = [service("10.0.0.1"), service("200.0.0.1"), service("100.0.0.1")]
        #expect(
            names(IPVSSortOrder.sorted(input, by: IPVSSortOrder.compare))
                == ["TCP 10.0.0.1:80", "TCP 100.0.0.1:80", "TCP 200.0.0.1:80"])
        let reversed = [service("100.0.0.1"), service("200.0.0.1"), service("10.0.0.1")]
        // [100] | [200, 10]: 200 vs 10 -> 200 first (10 > 200 wraps): [200, 10]; merge 100 vs 200 -> 100, then 200, 10.
        #expect(
            names(IPVSSortOrder.sorted(reversed, by: IPVSSortOrder.compare))
                == ["TCP 100.0.0.1:80", "TCP 200.0.0.1:80", "TCP 10.0.0.1:80"])
    }

    @Test func mergeSortIsStableAndSortsTotalOrders() {
        let numbers = (0..<500).map { ($0 * 7919) % 1000 }
        let pairs = numbers.enumerated().map { ($0.element / 10, $0.offset) }
        let sorted = IPVSSortOrder.sorted(pairs) { Int32($0.0 - $1.0) }
        #expect(sorted.map(\.0) == pairs.map(\.0).sorted())
        for i in 1..<sorted.count where sorted[i].0 == sorted[i - 1].0 {
            #expect(sorted[i].1 > sorted[i - 1].1)
        }
    }

    @Test func destinationsByAddressThenPort() {
        let d = { (a: String, p: UInt16) in IPVSDestination(address: IPAddress(a)!, port: p) }
        #expect(IPVSSortOrder.compare(d("10.0.1.10", 80), d("10.0.1.10", 8080)) < 0)
        #expect(IPVSSortOrder.compare(d("10.0.1.11", 80), d("10.0.1.10", 8080)) > 0)
        #expect(IPVSSortOrder.compare(d("2001:db8::2", 1), d("2001:db8::1", 9)) > 0)
    }
}
