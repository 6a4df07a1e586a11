import Addressing
import Foundation
import Testing
@testable import LVSConfig

/// The model as JSON (what `lvsctl check-config --json` prints): readable, and decodable back.
@Suite struct LVSConfigCodableTests {
    @Test func jsonRoundTrip() throws {
        let parsed = LVSConfigParser(resolver: TableNameResolver()).parse(
            try sampleBytes("lvs.cf.direct-routing"), file: "dr")
        let data = try JSONEncoder().encode(parsed.config)
        let decoded = try JSONDecoder().decode(LVSConfig.self, from: data)
        #expect(decoded == parsed.config)
        var g = ConfigGenerator(seed: 99)
        for _ in 0..<50 {
            let model = g.config()
            #expect(try JSONDecoder().decode(LVSConfig.self, from: JSONEncoder().encode(model)) == model)
        }
    }

    @Test func readableValues() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let hb = HeartbeatSettings(keepalive: .milliseconds(200), keyFile: "/k")
        #expect(
            String(decoding: try encoder.encode(hb), as: UTF8.self)
                == #"{"deadtime":5,"keepalive":0.2,"keyFile":"\/k","port":539,"protocol":"lvsrouter"}"#)
        #expect(
            String(decoding: try encoder.encode(IPAddress.v6(IPv6Address("2001:db8::1")!)), as: UTF8.self)
                == #""2001:db8::1""#)
        #expect(
            String(decoding: try encoder.encode(AddressMask.v4(IPv4Netmask(prefixLength: 24)!)), as: UTF8.self)
                == #""255.255.255.0""#)
        #expect(String(decoding: try encoder.encode(AddressMask.v6(prefixLength: 64)), as: UTF8.self) == #""64""#)
        #expect(
            String(decoding: try encoder.encode(MACAddress("00:11:22:aa:bb:cc")!), as: UTF8.self)
                == #""00:11:22:aa:bb:cc""#)
        #expect(
            String(decoding: try encoder.encode(IPv4Netmask(prefixLength: 16)!), as: UTF8.self) == #""255.255.0.0""#)
    }

    @Test func badJSONIsRejected() {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(IPAddress.self, from: Data(#""10.0.0.256""#.utf8))
        }
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(IPv4Netmask.self, from: Data(#""255.0.255.0""#.utf8))
        }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(AddressMask.self, from: Data(#""129""#.utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(MACAddress.self, from: Data(#""00:11""#.utf8)) }
    }
}
