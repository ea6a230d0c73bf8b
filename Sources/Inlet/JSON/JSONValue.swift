/// A parsed JSON document that keeps what a client sent: object members in their
/// original order and numbers as their original text, so metadata can be stored
/// and returned verbatim.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// A number, kept as the literal text that appeared in the document.
    case number(String)
    case string(String)
    case array([JSONValue])
    /// Object members in document order.
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.number(let a), .number(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    /// Creates a number from an integer.
    public static func int(_ value: some BinaryInteger) -> JSONValue { .number(String(value)) }

    /// Creates a number from a floating-point value.
    public static func double(_ value: Double) -> JSONValue {
        if value.rounded() == value, abs(value) < 1e15 { return .number(String(Int64(value))) }
        return .number(String(value))
    }

    /// The member named `key` when this is an object.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }

    /// The string payload, when this is a string.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The items, when this is an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }

    /// The numeric value, when this is a number.
    public var doubleValue: Double? {
        if case .number(let text) = self { return Double(text) }
        return nil
    }

    /// Nesting depth: scalars are 0, an empty or flat object or array is 1.
    public var depth: Int {
        switch self {
        case .array(let items): return 1 + (items.map(\.depth).max() ?? 0)
        case .object(let members): return 1 + (members.map(\.1.depth).max() ?? 0)
        default: return 0
        }
    }
}

extension JSONValue {
    /// Builds an object from members whose optional values are left out when nil.
    public static func members(_ members: [(String, JSONValue?)]) -> JSONValue {
        .object(members.compactMap { key, value in value.map { (key, $0) } })
    }
}

extension Optional where Wrapped == String {
    /// The string as a JSON string, or JSON null.
    var json: JSONValue { map(JSONValue.string) ?? .null }
}
