import Testing

@testable import Inlet

@Suite("Admin bodies")
struct AdminBodyTests {
    private func decode<Body: Decodable>(_ type: Body.Type, _ json: String) throws -> Body {
        try JSONValueDecoder().decode(type, from: try JSONParser.parse(Array(json.utf8)))
    }

    /// The message of the 400 `invalid_body` that decoding `json` throws.
    private func refusal<Body: Decodable>(_ type: Body.Type, _ json: String) -> String? {
        do {
            _ = try decode(type, json)
            return nil
        } catch let error as InletError {
            #expect(error.code == .invalidBody)
            return error.message
        } catch {
            return "\(error)"
        }
    }

    @Test func readsMembersWithWholeNumbersWrittenAnyWay() throws {
        let body = try decode(AdminController.NewOrganization.self, #"{"name": "Acme", "keyRps": 6.1e2, "orgRps": 700.0, "retentionDays": null}"#)
        #expect(body.name == "Acme" && body.slug == nil && body.keyRps == 610 && body.orgRps == 700 && body.retentionDays == nil)
    }

    @Test func namesTheMemberAndWhatItMustBe() {
        typealias Organization = AdminController.NewOrganization
        #expect(refusal(Organization.self, "[]") == "The body must be a JSON object.")
        #expect(refusal(Organization.self, #"{"name": "a", "nope": 1, "zzz": 2}"#) == "Unknown field 'nope'.")
        #expect(refusal(Organization.self, #"{"slug": "a"}"#) == "'name' is required.")
        #expect(refusal(Organization.self, #"{"name": null}"#) == "'name' is required.")
        #expect(refusal(Organization.self, #"{"name": ""}"#) == "'name' must be a string of 1-128 characters, without U+0000.")
        #expect(refusal(Organization.self, #"{"name": "a", "keyRps": 1.5}"#) == "'keyRps' must be a whole number from 1 to 1000000.")
        #expect(refusal(Organization.self, #"{"name": "a", "keyRps": "5"}"#) == "'keyRps' must be a whole number from 1 to 1000000.")
        #expect(refusal(AdminController.NewApp.self, #"{"slug": "a", "eventTypes": null}"#) == "'eventTypes' must be an array of strings.")
        #expect(refusal(AdminController.NewApp.self, #"{"slug": "a", "eventTypes": [1]}"#) == "'eventTypes' must be an array of strings.")
        #expect(refusal(AdminController.NewApp.self, #"{"slug": "a"}"#) == "'eventTypes' is required.")
        #expect(refusal(WebhookEndpointController.EndpointChange.self, #"{"active": "yes"}"#) == "'active' must be true or false.")
        #expect(refusal(EmptyBody.self, #"{"x": 1}"#) == "Unknown field 'x'.")
        #expect(refusal(RulesetChange.self, #"{"name": "b"}"#) == "Unknown field 'name'.")
    }

    @Test func aChangeTellsAnAbsentMemberFromANullOne() throws {
        let kept = try decode(AdminController.OrganizationChange.self, #"{"name": "B"}"#)
        var limit: Int? = 5
        kept.retentionDays.apply(to: &limit)
        #expect(limit == 5)
        let cleared = try decode(AdminController.OrganizationChange.self, #"{"retentionDays": null, "maxEventsPerMonth": 10}"#)
        cleared.retentionDays.apply(to: &limit)
        #expect(limit == nil)
        cleared.maxEventsPerMonth.apply(to: &limit)
        #expect(limit == 10)
    }

    @Test func aStreamsSignatureIsReadWithItsPathInMessages() throws {
        typealias Stream = AdminController.NewStream
        #expect(try decode(Stream.self, #"{"name": "crm", "signature": null}"#).signature == nil)
        #expect(refusal(Stream.self, #"{"name": "crm", "signature": {"scheme": "standard-webhooks"}}"#) == "'signature.secret' is required.")
        #expect(refusal(Stream.self, #"{"name": "crm", "signature": {"scheme": "standard-webhooks", "x": 1}}"#) == "Unknown field 'x'.")
        #expect(refusal(Stream.self, #"{"name": "crm", "signature": "whsec_x"}"#)?.hasPrefix("'signature' must be null or") == true)
        #expect(refusal(AdminController.StreamChange.self, "{}")?.hasPrefix("Send 'retentionDays'") == true)
    }

    @Test func aRulesetsRulesComeAsSent() throws {
        let body = try decode(NewRuleset.self, #"{"name": "leads", "windowDays": null, "rules": [{"eventType": "signup", "points": 10}]}"#)
        #expect(body.name == "leads" && body.definition.rules?.count == 1)
        #expect(body.definition.windowDays == .some(nil) && body.definition.unit == nil)
    }
}
