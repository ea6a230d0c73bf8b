import HTTPTypes
import Testing

@testable import Inlet

@Suite("Reading header fields")
struct HTTPFieldsValueTests {
    @Test func aFieldReadsAsTheSubscriptReadsIt() {
        var fields: HTTPFields = [.authorization: "Bearer wp_live_a", .contentType: "application/json"]
        #expect(fields.value(.authorization) == "Bearer wp_live_a")
        #expect(fields.value(.idempotencyKey) == nil)
        fields.append(HTTPField(name: .authorization, value: "Bearer wp_live_b"))
        fields.append(HTTPField(name: .cookie, value: "a=1"))
        fields.append(HTTPField(name: .cookie, value: "b=2"))
        for name in [HTTPField.Name.authorization, .contentType, .cookie, .idempotencyKey] {
            #expect(fields.value(name) == fields[name], "\(name)")
        }
        #expect(fields.value(.authorization) == "Bearer wp_live_a, Bearer wp_live_b", "a repeated field is joined, so it is refused as one value")
        #expect(fields.value(.cookie) == "a=1; b=2")
    }
}
