import Testing

@testable import Inlet

@Suite("Lead events: validation at the door")
struct LeadEventTests {
    private static let now: Int64 = 1_776_600_000_000

    private func validate(_ json: String, whitelist: [String] = ["*"], requiresTimestamp: Bool = false) -> Result<LeadEvent, RowError> {
        let clock = TestClock(Self.now)
        let validator = LeadEventValidator(
            whitelist: EventTypeWhitelist(whitelist),
            requiresTimestamp: requiresTimestamp,
            ids: TimeOrderedIdentifierGenerator(clock: clock)
        )
        return validator.validate(try! JSONParser.parse(Array(json.utf8)), receivedAt: Self.now)
    }

    private func code(_ json: String, whitelist: [String] = ["*"], requiresTimestamp: Bool = false) -> ErrorCode? {
        if case .failure(let error) = validate(json, whitelist: whitelist, requiresTimestamp: requiresTimestamp) { return error.code }
        return nil
    }

    @Test func theSeedExamplesAreValid() throws {
        let email = try validate(
            #"{"alias_kind": "email", "alias": "User@Example.com", "event_type": "page_view", "metadata": {"path": "/pricing"}}"#
        ).get()
        #expect(email.subject == .alias(LeadAlias(kind: .email, value: "user@example.com")) && email.timestamp == Self.now)
        #expect(email.metadata == #"{"path":"/pricing"}"# && email.id.hasPrefix("evt_"))
        let lead = try validate(#"{"lead_id": "ld_abc123", "event_type": "demo_request", "metadata": {"product": "enterprise"}}"#).get()
        #expect(lead.subject == .lead("ld_abc123"))
        let dated = try validate(
            #"{"alias_kind": "email", "alias": "user@example.com", "event_type": "email_open", "timestamp": "2025-09-15T14:30:00Z"}"#
        ).get()
        #expect(dated.timestamp == 1_757_946_600_000)
        // Only emails match case-insensitively.
        #expect(
            try validate(#"{"alias_kind": "external_id", "alias": "AbC", "event_type": "x"}"#).get().subject
                == .alias(LeadAlias(kind: .externalID, value: "AbC"))
        )
    }

    @Test func refusedRows() {
        #expect(code(#"{"lead_id": "wrk_1", "event_type": "x", "unit_id": "unit_default"}"#) == .invalidEvent)
        #expect(code(#"{"lead_id": "wrk_1"}"#) == .invalidEvent)
        #expect(code(#"{"event_type": "x"}"#) == .invalidEvent)
        #expect(code(#"{"alias_kind": "email", "event_type": "x"}"#) == .invalidEvent)
        #expect(code(#"{"alias_kind": "fax", "alias": "1", "event_type": "x"}"#) == .invalidEvent)
        #expect(code(#"{"lead_id": "wrk_1", "alias_kind": "email", "alias": "a@b.c", "event_type": "x"}"#) == .invalidEvent)
        #expect(code(#"{"lead_id": "", "event_type": "x"}"#) == .invalidEvent)
        #expect(code(#"{"lead_id": 7, "event_type": "x"}"#) == .invalidEvent)
        #expect(code(#"{"lead_id": "wrk_1", "event_type": "x", "color": 1}"#) == .invalidEvent)
        #expect(code(#"{"lead_id": "wrk_1", "event_type": "x", "metadata": []}"#) == .invalidEvent)
        #expect(code(#"{"lead_id": "wrk_1", "event_type": "x", "timestamp": "yesterday"}"#) == .invalidTimestamp)
        #expect(code(#"{"lead_id": "wrk_1", "event_type": "x", "timestamp": "2099-01-01T00:00:00Z"}"#) == .invalidTimestamp)
        #expect(code(#"{"lead_id": "wrk_1", "event_type": "x"}"#, requiresTimestamp: true) == .invalidTimestamp)
        #expect(
            code(#"{"lead_id": "wrk_1", "event_type": "x", "metadata": {"a": "\#(String(repeating: "x", count: 20_000))"}}"#) == .metadataTooLarge
        )
        #expect(code(#"{"lead_id": "wrk_1", "event_type": "x"}"#, whitelist: ["page_view"]) == .forbiddenEventType)
        #expect(code("[]") == .invalidEvent)
    }
}
