import Testing

@testable import Inlet

@Suite("Webhook items: flattening and identity")
struct StreamItemTests {
    private func flatten(_ json: String) -> Result<[ItemField], RowError> {
        guard case .object(let members) = try! JSONParser.parse(Array(json.utf8)) else { fatalError("not an object: \(json)") }
        return ItemFlattener.flatten(members)
    }

    private func names(_ json: String) -> [String]? {
        try? flatten(json).get().map(\.name)
    }

    @Test func nestedObjectsBecomeDottedNamesInOrderAndArraysStayValues() throws {
        let fields = try flatten(
            #"{"location": {"city": "London", "geo": {"lat": 51.5}}, "tags": [{"a": 1}, 2], "empty": {}, "n": null}"#
        ).get()
        #expect(fields.map(\.name) == ["location.city", "location.geo.lat", "tags", "empty", "n"])
        #expect(fields[0].value == .string("London"))
        #expect(fields[1].value == .number("51.5"))
        #expect(fields[2].value == .array([.object([("a", .number("1"))]), .number("2")]))
        #expect(fields[3].value == .object([]))
        #expect(fields[4].value == .null)
    }

    @Test func aDottedKeyNamesTheSameFieldAsTheNestedForm() {
        #expect(names(#"{"location.city": "Paris"}"#) == ["location.city"])
        guard case .failure(let error) = flatten(#"{"location.city": "Paris", "location": {"city": "Rome"}}"#) else {
            Issue.record("a field named twice must be refused")
            return
        }
        #expect(error.code == .invalidItem && error.message.contains("location.city"))
        #expect(names(#"{"a": 1, "a": 2}"#) == nil)
    }

    @Test(arguments: [3, 15, 16, 17, 40])
    func aNameRepeatedAfterManyFieldsIsRefused(_ others: Int) {
        let fields = (0..<others).map { #""f\#($0)": \#($0)"# }.joined(separator: ", ")
        #expect(names("{\(fields), \"g\": {\"h\": 1}}")?.count == others + 1)
        #expect(names("{\(fields), \"f0\": 1}") == nil)
        #expect(names("{\(fields), \"g.h\": 1, \"g\": {\"h\": 2}}") == nil)
    }

    @Test func aNameMayBeBothAValueAndAPrefix() {
        #expect(names(#"{"a": 1, "a.b": 2}"#) == ["a", "a.b"])
        #expect(names(#"{"a": {"b": 2}, "a.c": 3}"#) == ["a.b", "a.c"])
    }

    @Test func refusedItems() {
        for json in [#"{"": 1}"#, #"{"a": {"": 1}}"#, #"{"a": "x\u0000"}"#, #"{"a": [{"b\u0000": 1}]}"#] {
            guard case .failure(let error) = flatten(json) else {
                Issue.record("\(json) must be refused")
                continue
            }
            #expect(error.code == .invalidItem, "\(json)")
        }
        #expect(names(#"{"\#(String(repeating: "k", count: 257))": 1}"#) == nil)
    }

    @Test func aBodyThatIsNotAnObjectOrAnArrayOfObjectsIsRefusedWhole() {
        for json in [#"[1]"#, #""text""#, #"[]"#, #"[{"a": 1}, 5]"#, #"[{"a": 1}, null]"#, #"[{"a": 1}, [{"b": 2}]]"#] {
            #expect(throws: InletError.self, "\(json)") { try WebhookPayload.items(try JSONParser.parse(Array(json.utf8)), key: nil) }
        }
        #expect((try? WebhookPayload.items(try JSONParser.parse(Array(#"[{"a": 1}, {"": 2}]"#.utf8)), key: nil))?.count == 2)
    }

    @Test func identityIsTheKeyFieldOrThePosition() throws {
        let fields = try flatten(#"{"region": "North", "store": {"id": 42}, "open": true, "code": 7.0}"#).get()
        #expect(try ItemIdentity.id(of: fields, at: 3, key: nil).get() == "3")
        #expect(try ItemIdentity.id(of: fields, at: 3, key: "region").get() == "North")
        #expect(try ItemIdentity.id(of: fields, at: 3, key: "store.id").get() == "42")
        #expect(try ItemIdentity.id(of: fields, at: 3, key: "code").get() == "7.0")
        guard case .failure(let missing) = ItemIdentity.id(of: fields, at: 0, key: "city"),
            case .failure(let notScalar) = ItemIdentity.id(of: fields, at: 0, key: "open")
        else {
            Issue.record("a missing or boolean key field must refuse the item")
            return
        }
        #expect(missing.code == .missingItemKey)
        #expect(notScalar.code == .invalidItem)
        let empty = try flatten(#"{"region": ""}"#).get()
        #expect((try? ItemIdentity.id(of: empty, at: 0, key: "region").get()) == nil)
    }

    @Test func aPlanCreatesUpdatesAndLeavesItemsUnchangedAndMergesRepeatsInOnePayload() throws {
        let key = StreamKey(id: "key_1", prefix: "p", hash: "h", createdAt: 0)
        let stream = DataStream(id: "str_1", organizationID: "org_1", name: "s", itemKey: nil, key: key, createdAt: 0)
        let payload = try WebhookPayload.items(
            JSONParser.parse(Array(#"[{"id": "a", "x": 1}, {"id": "b", "y": 2}, {"id": "a", "z": 3}, {"id": "b", "y": 2.0}]"#.utf8)),
            key: "id"
        )
        var facts = IngestFacts()
        facts.streamItems[StreamItemKey(organizationID: "org_1", streamID: "str_1", itemID: "b")] = [
            ItemField("id", .string("b")), ItemField("y", .number("2")),
        ]
        var plan = IngestPlan(facts: facts)
        let outcome = StreamItemWork(stream: stream, items: payload, receivedAt: 5).plan(in: &plan)
        #expect(outcome.items.map { "\($0.id):\($0.result.rawValue)" } == ["a:created", "b:unchanged", "a:updated", "b:unchanged"])
        let written = plan.writes.streamItems
        #expect(written.count == 1)
        #expect(written.first?.key == StreamItemKey(organizationID: "org_1", streamID: "str_1", itemID: "a"))
        #expect(written.first?.fields.map(\.name) == ["id", "x", "z"] && written.first?.at == 5)
    }

    @Test(arguments: [3, 40]) func changesAndMergeFindFieldsByNameInAnyOrder(count: Int) {
        let stored = (0..<count).map { ItemField("f\($0)", .number("\($0)")) }
        // Sent backwards, each value written anew (`2.0` for `2`), one changed and one new.
        let sent =
            stored.reversed().map { ItemField($0.name, .number($0.name == "f1" ? "1.5" : "\($0.name.dropFirst()).0")) }
            + [ItemField("new", .bool(true))]
        let changed = ItemField.changes(sent, over: stored)
        #expect(changed == [ItemField("f1", .number("1.5")), ItemField("new", .bool(true))])
        var merged = stored
        ItemField.merge(changed, into: &merged)
        #expect(merged.map(\.name) == stored.map(\.name) + ["new"])
        #expect(merged[1].value == .number("1.5") && merged[0] == stored[0])
    }

    @Test func numbersCompareByValue() {
        let same = [("7", "7.0"), ("0", "-0"), ("-0", "0"), ("1e2", "100"), ("123456789012345", "123456789012345.0")]
        let different = [("7", "8"), ("-7", "7"), ("10", "1"), ("0", "0.5"), ("1234567890123456", "1234567890123457")]
        for (a, b) in same { #expect(ItemField.sameValue(.number(a), .number(b)), "\(a) = \(b)") }
        for (a, b) in different { #expect(!ItemField.sameValue(.number(a), .number(b)), "\(a) ≠ \(b)") }
        #expect(!ItemField.sameValue(.number("7"), .string("7")))
    }
}
