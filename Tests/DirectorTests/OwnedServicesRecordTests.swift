import Addressing
import Director
import IPVS
import Testing

/// The owned-service record kept under /run/lvsd.
@Suite struct OwnedServicesRecordTests {
    let services: Set<IPVSServiceIdentity> = [
        .address(.tcp, IPAddress("192.0.2.10")!, port: 80),
        .address(.udp, IPAddress("2001:db8::1")!, port: 53),
        .address(.sctp, IPAddress("192.0.2.11")!, port: 3868),
        .firewallMark(5, family: .inet),
        .firewallMark(6, family: .inet6),
    ]

    @Test func encodesOneSortedLinePerService() {
        #expect(
            OwnedServicesRecord.encode(services) == """
                # IPVS services owned by lvsd (written by lvsd, read when it starts)
                FWM 5
                FWM 6 IPv6
                SCTP 192.0.2.11:3868
                TCP 192.0.2.10:80
                UDP [2001:db8::1]:53

                """)
    }

    @Test func roundTrips() throws {
        #expect(try OwnedServicesRecord.decode(OwnedServicesRecord.encode(services)) == services)
        #expect(try OwnedServicesRecord.decode(OwnedServicesRecord.encode([])) == [])
    }

    @Test func toleratesBlankLinesCommentsAndCarriageReturns() throws {
        #expect(
            try OwnedServicesRecord.decode("\n# note\r\nTCP 192.0.2.10:80\r\n\n") == [
                .address(.tcp, IPAddress("192.0.2.10")!, port: 80)
            ])
    }

    @Test(arguments: [
        ("TCP 192.0.2.10", 2), ("HTTP 192.0.2.10:80", 2), ("FWM 0", 2), ("FWM 5 IPv4", 2), ("TCP [192.0.2.10]:80", 2),
        ("UDP 2001:db8::1:53", 2), ("TCP 192.0.2.10:99999", 2),
    ])
    func badLinesAreErrorsNamingTheLine(_ line: String, _ number: Int) {
        #expect(throws: OwnedServicesRecordError(line: number, text: line)) {
            try OwnedServicesRecord.decode("# header\n\(line)\nTCP 192.0.2.10:80\n")
        }
    }

    @Test func errorTextSaysWhatIsExpected() {
        #expect(
            OwnedServicesRecordError(line: 3, text: "TCP x").description
                == "line 3: \"TCP x\" is not a service (TCP|UDP|SCTP ADDRESS:PORT or FWM MARK [IPv6])")
    }
}
