/// One field of a stream item: a flattened name and its JSON value.
struct ItemField: Sendable, Equatable {
    var name: String
    var value: JSONValue

    init(_ name: String, _ value: JSONValue) {
        self.name = name
        self.value = value
    }

    /// Merges `fields` into `stored`: a field sent replaces the stored field
    /// of that name in its place; new fields follow in the order sent.
    static func merge(_ fields: [ItemField], into stored: inout [ItemField]) {
        stored.reserveCapacity(stored.count + fields.count)
        var positions = FieldPositions(stored, adding: fields.count)
        for field in fields {
            if let position = positions.position(of: field.name, in: stored) {
                stored[position] = field
            } else {
                positions.append(field.name, at: stored.count)
                stored.append(field)
            }
        }
    }

    /// The fields of `fields` that `stored` does not hold with the same value
    /// (scalars compare as `where` filters do: numbers by value).
    static func changes(_ fields: [ItemField], over stored: [ItemField]) -> [ItemField] {
        var positions = FieldPositions(stored, adding: fields.count)
        var changed: [ItemField] = []
        changed.reserveCapacity(fields.count)
        for index in fields.indices {
            if let position = positions.position(of: fields[index].name, in: stored), sameValue(stored[position].value, fields[index].value) {
                continue
            }
            changed.append(fields[index])
        }
        return changed
    }

    /// Whether two values are equal as ``comparable(_:)`` has them, or, for
    /// arrays and objects, as written.
    static func sameValue(_ a: JSONValue, _ b: JSONValue) -> Bool {
        guard case .number(let left) = a, case .number(let right) = b, left != right else { return a == b }
        if isShortInteger(left) && isShortInteger(right) { return (left, right) == ("0", "-0") || (left, right) == ("-0", "0") }
        guard let left = Double(left), let right = Double(right), left.isFinite, right.isFinite else { return false }
        return left == right
    }

    /// A JSON integer of at most 15 digits, which a double holds exactly: two
    /// written differently differ in value (JSON has no leading zeros), but
    /// for `-0` and `0`. Comparing them so spares parsing the counters and
    /// timestamps that change with every upsert.
    private static func isShortInteger(_ text: String) -> Bool {
        let digits = text.utf8.drop { $0 == UInt8(ascii: "-") }
        return (1...15).contains(digits.count) && digits.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    /// How a scalar value is compared by `where` filters: typed (a string never
    /// equals a number) and numbers by value (`7` equals `7.0`); arrays and
    /// objects are not compared.
    static func comparable(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text): return "s:" + text
        case .number(let text):
            guard let number = Double(text), number.isFinite else { return nil }
            if number == number.rounded(), abs(number) < 0x1p53 { return "n:" + String(Int64(number)) }
            return "n:" + String(number)
        case .bool(let flag): return flag ? "b:true" : "b:false"
        case .null: return "z:"
        case .array, .object: return nil
        }
    }

    /// The fields as one JSON object, in order.
    static func object(_ fields: [ItemField]) -> JSONValue {
        .object(fields.map { ($0.name, $0.value) })
    }

    /// The fields of an item as the stores keep it: a JSON object's text.
    static func fields(stored text: String) throws -> [ItemField] {
        guard case .object(let members) = try JSONParser.parse(Array(text.utf8)) else { return [] }
        return members.map { ItemField($0.0, $0.1) }
    }
}

/// An item of a webhook payload, flattened and identified, ready to be upserted.
public struct StreamItem: Sendable, Equatable {
    /// The item's id in its stream: its key field's value, or its position.
    public var id: String
    /// The fields sent, in the order they first appear in the payload.
    var fields: [ItemField]
}
