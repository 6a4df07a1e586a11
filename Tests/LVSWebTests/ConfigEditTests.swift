import Foundation
import Hummingbird
import HummingbirdTesting
import LVSConfig
import LVSWeb
import Testing

/// The forms write lvs.cf through the comment-keeping writer: only the edited line changes, a
/// file with errors is never written, and diagnostics land beside their field.
@Suite struct ConfigEditTests {
    static let file = "lvs.cf"

    @Test func changingAWeightRewritesOnlyItsLine() {
        let document = LVSConfigDocument(text: WebTestFixture.config)
        let edit = ConfigEdit(
            ["address": "10.70.0.12", "active": "1", "weight": "7", "port": "", "nmask": ""],
            fields: ConfigFieldCatalog.server, block: .server("web2", virtual: "www"), to: document, file: Self.file)
        #expect(!edit.hasErrors)
        #expect(edit.changedKeys == ["weight"])
        let before = WebTestFixture.config.split(separator: "\n", omittingEmptySubsequences: false)
        let after = edit.document.text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(before.count == after.count)
        let changed = zip(before, after).filter { $0 != $1 }
        #expect(changed.count == 1)
        #expect(changed.first?.1 == "        weight = 7")
    }

    @Test func anInvalidValueIsShownBesideItsFieldAndNothingIsSaved() {
        let document = LVSConfigDocument(text: WebTestFixture.config)
        let edit = ConfigEdit(
            ["weight": "heavy"], fields: ConfigFieldCatalog.server, block: .server("web1", virtual: "www"),
            to: document, file: Self.file)
        #expect(edit.hasErrors)
        let problems = edit.fieldProblems["weight"] ?? []
        #expect(problems.contains { $0.severity == .error && $0.message.contains("heavy") }, "\(problems)")
        #expect(edit.otherProblems.isEmpty, "\(edit.otherProblems)")
    }

    @Test func anEmptiedFieldRemovesItsLine() {
        let document = LVSConfigDocument(text: WebTestFixture.config)
        let edit = ConfigEdit(
            ["scheduler": ""], fields: ConfigFieldCatalog.service(.virtual), block: .virtual("www"), to: document,
            file: Self.file)
        #expect(!edit.hasErrors, "\(edit.fieldProblems) \(edit.otherProblems)")
        #expect(!edit.document.text.contains("scheduler"))
        #expect(edit.document.text.contains("# the first real server"))
    }

    @Test func aProblemElsewhereIsShownApartAndBlocksTheSave() {
        let broken = WebTestFixture.config.replacingOccurrences(of: "weight = 20", with: "weight = -1")
        let edit = ConfigEdit(
            ["keepalive": "2"], fields: ConfigFieldCatalog.redundancy, block: nil,
            to: LVSConfigDocument(text: broken), file: Self.file)
        #expect(edit.hasErrors)
        #expect(edit.fieldProblems["keepalive"] == nil)
        #expect(edit.otherProblems.contains { $0.severity == .error && $0.line > 20 }, "\(edit.otherProblems)")
    }

    @Test func everyKeyOfLVSCFHasAField() {
        let global = Set(ConfigFieldCatalog.global.map(\.key)).union(ConfigFieldCatalog.redundancy.map(\.key))
        #expect(global == Set(LVSConfigSection.global.keys))
        #expect(Set(ConfigFieldCatalog.global.map(\.key)).isDisjoint(with: ConfigFieldCatalog.redundancy.map(\.key)))
        for section in [LVSConfigSection.virtual, .failover] {
            let keys = Set(ConfigFieldCatalog.service(section).map(\.key)).union(
                ConfigFieldCatalog.check(section).map(\.key))
            #expect(keys == Set(section.keys), "\(section)")
        }
        #expect(Set(ConfigFieldCatalog.server.map(\.key)) == Set(LVSConfigSection.server.keys))
        // The catalog's redundancy and check lists name only real keys.
        #expect(ConfigFieldCatalog.redundancyKeys.isSubset(of: LVSConfigSection.global.keys))
        #expect(ConfigFieldCatalog.checkKeys.isSubset(of: LVSConfigSection.virtual.keys))
    }

    @Test func theDocumentTellsWhichKeyALineSets() throws {
        let document = LVSConfigDocument(text: WebTestFixture.config)
        let line = try #require(document.lineNumber(of: "weight", in: .server("web2", virtual: "www")))
        #expect(document.owner(ofLine: line) == .init(block: .server("web2", virtual: "www"), key: "weight"))
        #expect(document.owner(ofLine: 1) == .init(block: nil, key: nil))
        #expect(document.owner(ofLine: 3).key == "primary")
        #expect(
            document.blocks == [.virtual("www"), .server("web1", virtual: "www"), .server("web2", virtual: "www")])
    }

    @Test func aSaveThroughTheRouterKeepsThePreviousVersionAndRevertsIt() async throws {
        let fixture = try WebTestFixture()
        let original = try fixture.configText()
        try await fixture.test { client in
            let login = try #require(try await WebLogin.logIn(client))
            let saved = try await client.execute(
                uri: "/config/block", method: .post, headers: login.formHeaders(),
                body: .form([("virtual", "www"), ("server", "web2"), ("weight", "7"), ("csrf", login.csrf)]))
            #expect(saved.status == .ok)
            #expect(String(buffer: saved.body).contains("id=\"saved\""))
            let refused = try await client.execute(
                uri: "/config/block", method: .post, headers: login.formHeaders(),
                body: .form([("virtual", "www"), ("server", "web2"), ("weight", "x7"), ("csrf", login.csrf)]))
            #expect(refused.status == .unprocessableContent)
            let page = String(buffer: refused.body)
            #expect(page.contains("id=\"problem-weight\""))
            #expect(page.contains("value=\"x7\""), "the refused value stays in the field")
            #expect(try fixture.configText().contains("weight = 7"))
            let revert = try await client.execute(
                uri: "/config/revert", method: .post, headers: login.formHeaders(),
                body: .form([("confirm", "yes"), ("csrf", login.csrf)]))
            #expect(revert.status == .ok)
        }
        #expect(try fixture.configText() == original)
    }

    @Test func addingAndDeletingBlocks() async throws {
        let fixture = try WebTestFixture()
        try await fixture.test { client in
            let login = try #require(try await WebLogin.logIn(client))
            let added = try await client.execute(
                uri: "/config/add", method: .post, headers: login.formHeaders(),
                body: .form([("kind", "server"), ("name", "web3"), ("virtual", "www"), ("csrf", login.csrf)]))
            #expect(added.status == .seeOther)
            #expect(added.headers[.location] == "/config/block?virtual=www&server=web3")
            #expect(try fixture.configText().contains("server web3 {"))
            let deleted = try await client.execute(
                uri: "/config/delete", method: .post, headers: login.formHeaders(),
                body: .form([
                    ("kind", "server"), ("name", "web3"), ("virtual", "www"), ("confirm", "yes"), ("csrf", login.csrf),
                ]))
            #expect(deleted.status == .seeOther)
            #expect(try fixture.configText() == WebTestFixture.config)
            // A second block of the same name is refused, and the file stays as it is.
            let bad = try await client.execute(
                uri: "/config/add", method: .post, headers: login.formHeaders(),
                body: .form([("kind", "virtual"), ("name", "www"), ("csrf", login.csrf)]))
            #expect(bad.status == .unprocessableContent)
            #expect(try fixture.configText() == WebTestFixture.config)
        }
    }
}
