import Testing

@testable import Inlet

@Suite("JSONValueEncoder")
struct JSONValueEncoderTests {
    private struct Shape: Encodable {
        struct Part: Encodable {
            var zeta: Int
            var alpha: [String]
        }

        var id = "x_1"
        var count: Int64 = 3
        var ratio = 0.25
        var whole = 2.0
        var active = true
        var missing: Int?
        var absentText: String?
        var absentPart: Part?
        var secret = Omissible<String>(nil)
        var shown = Omissible("ik_live_1")
        var parts = [Part(zeta: 1, alpha: ["a", "b"])]
        var client: JSONValue = .object([("b", .number("1.50")), ("a", .null)])
        var tiny: Int8 = -4
    }

    @Test func writesMembersInDeclarationOrderWithNullsAndOmissions() throws {
        let json = JSONWriter.string(try JSONValueEncoder().encode(Shape()))
        #expect(
            json
                == #"{"id":"x_1","count":3,"ratio":0.25,"whole":2,"active":true,"missing":null,"absentText":null,"absentPart":null,"#
                + #""shown":"ik_live_1","parts":[{"zeta":1,"alpha":["a","b"]}],"client":{"b":1.50,"a":null},"tiny":-4}"#
        )
    }

    @Test func refusesNumbersJSONCannotHold() {
        struct Bad: Encodable { var value = Double.nan }
        #expect(throws: EncodingError.self) { try JSONValueEncoder().encode(Bad()) }
    }

    @Test func encodesTopLevelArraysAndValues() throws {
        #expect(try JSONValueEncoder().encode(["a", "b"]) == .array([.string("a"), .string("b")]))
        #expect(try JSONValueEncoder().encode(7) == .int(7))
        #expect(try JSONValueEncoder().encode(Optional<String>.none) == .null)
    }
}
