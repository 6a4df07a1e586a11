import LVSLab
import Testing

struct IPVSConnectionEntryTests {
    @Test func readsTheKernelsConnectionTable() {
        let text = """
            Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires PEName PEData
            TCP 0A000009 A3F2 0A000064 0007 0A00010B 0007 ESTABLISHED     899
            TCP 0A000009 8D12 0A000065 0050 0A00010D 0050 TIME_WAIT         2
            TCP 0A000009 8D12 0A000065 0050 0A00010D 0050 BROKEN
            TCP 0A0000 8D12 0A000065 0050 0A00010D 0050 TIME_WAIT 2

            """
        let entries = IPVSConnectionEntry.parse(text)
        #expect(entries.count == 2)
        #expect(
            entries[0]
                == IPVSConnectionEntry(
                    transport: "TCP", client: "10.0.0.9", clientPort: 0xA3F2, virtualAddress: "10.0.0.100",
                    virtualPort: 7,
                    destination: "10.0.1.11", destinationPort: 7, state: "ESTABLISHED", expires: 899))
        #expect(entries[1].destination == "10.0.1.13")
        #expect(entries[1].state == "TIME_WAIT")
        #expect(
            IPVSConnectionEntry.parse(
                "Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires PEName PEData\n"
            ).isEmpty)
    }
}
