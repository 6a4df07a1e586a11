import Testing

@testable import IPVSAdmin

@Suite struct OptionMatrixTests {
    @Test func everyRowHasEveryColumn() {
        #expect(OptionMatrix.commands.count == AdminCommand.allCases.count)
        #expect(OptionMatrix.commands.allSatisfy { $0.utf8.count == OptionColumn.allCases.count })
        #expect(OptionMatrix.tunnels.allSatisfy { $0.utf8.count == OptionMatrix.tunnelColumns.count })
    }

    @Test func requiredIllegalAndExclusive() {
        #expect(
            OptionMatrix.check(.addService, options: 0)
                == "You need to supply the 'service-address' option for the 'add-service' command")
        #expect(
            OptionMatrix.check(.addService, options: OptionColumn.service.bit | OptionColumn.weight.bit)
                == "Illegal 'weight' option with the 'add-service' command")
        #expect(
            OptionMatrix.check(.list, options: OptionColumn.connection.bit | OptionColumn.daemon.bit)
                == "The option 'daemon' conflicts with the 'connection' option in the 'list' command")
        #expect(OptionMatrix.check(.list, options: OptionColumn.numeric.bit | OptionColumn.stats.bit) == nil)
        #expect(
            OptionMatrix.check(.addServer, options: OptionColumn.service.bit)
                == "You need to supply the 'real-server' option for the 'add-server' command")
        // The first violation in column order wins: numeric (0) before real-server (6).
        #expect(
            OptionMatrix.check(.addServer, options: OptionColumn.numeric.bit)
                == "Illegal 'numeric' option with the 'add-server' command")
    }

    @Test func tunnelTypes() {
        #expect(
            OptionMatrix.checkTunnel(type: 1, options: 0)
                == "You need to supply the 'tun-port' option for the 'gue' tunnel type")
        #expect(
            OptionMatrix.checkTunnel(type: 0, options: OptionColumn.tunnelChecksum.bit)
                == "Illegal 'tun-csum' option with the 'ipip' tunnel type")
        #expect(
            OptionMatrix.checkTunnel(
                type: 2, options: OptionColumn.tunnelNoChecksum.bit | OptionColumn.tunnelChecksum.bit)
                == "The option 'tun-csum' conflicts with the 'tun-nocsum' option in the 'gre' tunnel type")
        #expect(
            OptionMatrix.checkTunnel(type: 2, options: OptionColumn.tunnelRemoteChecksum.bit)
                == "Illegal 'tun-remcsum' option with the 'gre' tunnel type")
        #expect(OptionMatrix.checkTunnel(type: 1, options: OptionColumn.tunnelPort.bit) == nil)
    }
}
