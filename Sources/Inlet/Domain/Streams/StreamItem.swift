/// One field of a stream item: a flattened name and its JSON value.
public struct ItemField: Sendable, Equatable {
    public var name: String
    public var value: JSONValue

    public init(_ name: String, _ value: JSONValue) {
        self.name = name
        self.value = value
    }

    /// `fields` over `stored`: a field sent replaces the stored field of that
    /// name in its place; new fields follow in the order sent.
    public static func merge(_ fields: [ItemField], over stored: [ItemField]) -> [ItemField] {
        var merged = stored
        var positions = Dictionary(merged.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        for field in fields {
            if let position = positions[field.name] {
                merged[position] = field
            } else {
                positions[field.name] = merged.count
                merged.append(field)
            }
        }
        return merged
    }

    /// How a scalar value is compared by `where` filters: typed (a string never
    /// equals a number) and numbers by value (`7` equals `7.0`); arrays and
    /// objects are not compared.
    public static func comparable(_ value: JSONValue) -> String? {
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
    public static func object(_ fields: [ItemField]) -> JSONValue {
        .object(fields.map { ($0.name, $0.value) })
    }

    /// The fields of a stored JSON object.
    public static func fields(of object: JSONValue) -> [ItemField] {
        guard case .object(let members) = object else { return [] }
        return members.map { ItemField($0.0, $0.1) }
    }
}

/// An item of a webhook payload, flattened and identified, ready to be upserted.
public struct StreamItem: Sendable, Equatable {
    /// The item's id in its stream: its key field's value, or its position.
    public var id: String
    /// The fields sent, in the order they first appear in the payload.
    public var fields: [ItemField]

    public init(id: String, fields: [ItemField]) {
        self.id = id
        self.fields = fields
    }
}
