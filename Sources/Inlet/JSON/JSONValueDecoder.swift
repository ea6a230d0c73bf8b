/// Decodes a `Decodable` body from a parsed ``JSONValue``, so that a request
/// is parsed once and a member that is a client's own JSON (a ruleset's rules)
/// keeps its members' order and its numbers' text.
///
/// An object decoded with keys that are `CaseIterable` refuses a member that
/// is not one of them: 400 `invalid_body` "Unknown field". A required member
/// that is absent is 400 "'name' is required."; other mismatches are
/// `DecodingError`s, which the body types turn into messages of their own.
struct JSONValueDecoder {
    func decode<Value: Decodable>(_ type: Value.Type, from json: JSONValue) throws -> Value {
        do {
            return try ValueDecoder(value: json, codingPath: []).decode(type)
        } catch let error as DecodingError {
            throw InletError.invalidBody(error.message)
        }
    }
}

/// A member's name as messages write it: its path from the body, joined with dots.
func memberName(_ codingPath: [any CodingKey]) -> String {
    codingPath.map(\.stringValue).joined(separator: ".")
}

private struct ValueDecoder: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = value else {
            if codingPath.isEmpty { throw InletError.invalidBody("The body must be a JSON object.") }
            throw mismatch(expecting: "an object")
        }
        if let known = knownNames(Key.self), let unknown = members.first(where: { !known.contains($0.0) }) {
            throw InletError.invalidBody("Unknown field '\(unknown.0.prefix(64))'.")
        }
        return KeyedDecodingContainer(ObjectContainer<Key>(members: members, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let items) = value else { throw mismatch(expecting: "an array") }
        return ArrayContainer(items: items, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        ScalarContainer(decoder: self)
    }

    /// `value` as `type`: a scalar from its literal, anything else (a
    /// ``JSONValue`` included) through its own `init(from:)`.
    func decode<Value: Decodable>(_ type: Value.Type) throws -> Value {
        if let scalar = try scalar(type) { return scalar }
        return try Value(from: self)
    }

    private func scalar<Value>(_ type: Value.Type) throws -> Value? {
        let decoded: Any?
        switch type {
        case is Bool.Type: if case .bool(let flag) = value { decoded = flag } else { throw mismatch(expecting: "true or false") }
        case is String.Type: if case .string(let text) = value { decoded = text } else { throw mismatch(expecting: "a string") }
        case let integer as any FixedWidthInteger.Type: decoded = try whole(integer)
        case let number as any BinaryFloatingPoint.Type:
            guard case .number(let text) = value, let double = Double(text) else { throw mismatch(expecting: "a number") }
            decoded = number.init(double)
        default: return nil
        }
        return decoded as? Value
    }

    /// A whole number written as an integer or without a fraction (`610.0`, `6.1e2`).
    private func whole<Integer: FixedWidthInteger>(_ type: Integer.Type) throws -> Integer {
        guard case .number(let text) = value else { throw mismatch(expecting: "a whole number") }
        if let number = Integer(text) { return number }
        guard let number = Double(text), number == number.rounded(), abs(number) < 0x1p53, let exact = Integer(exactly: number) else {
            throw mismatch(expecting: "a whole number")
        }
        return exact
    }

    func mismatch(expecting what: String) -> DecodingError {
        .typeMismatch(JSONValue.self, .init(codingPath: codingPath, debugDescription: "'\(memberName(codingPath))' must be \(what)."))
    }

    private func knownNames<Key: CodingKey>(_ type: Key.Type) -> Set<String>? {
        guard let keys = type as? any (CodingKey & CaseIterable).Type else { return nil }
        return names(keys)
    }

    private func names<Key: CodingKey & CaseIterable>(_ type: Key.Type) -> Set<String> {
        Set(type.allCases.map(\.stringValue))
    }
}

extension DecodingError {
    /// What a body type that does not word its own faults says of this one.
    fileprivate var message: String {
        switch self {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context), .dataCorrupted(let context):
            context.debugDescription
        @unknown default: "The body does not have the members this route takes."
        }
    }
}

private struct MemberKey: CodingKey {
    var stringValue: String
    var intValue: Int?

    init(stringValue: String) { self.stringValue = stringValue }
    init(intValue: Int) {
        stringValue = String(intValue)
        self.intValue = intValue
    }
}

private struct ObjectContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: [(String, JSONValue)]
    let codingPath: [any CodingKey]

    var allKeys: [Key] { members.compactMap { Key(stringValue: $0.0) } }

    func contains(_ key: Key) -> Bool {
        members.contains { $0.0 == key.stringValue }
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        try member(key).value == .null
    }

    func decode<Value: Decodable>(_ type: Value.Type, forKey key: Key) throws -> Value {
        try member(key).decode(type)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try member(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try member(key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        try member(MemberKey(stringValue: "super"))
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        try member(key)
    }

    private func member(_ key: some CodingKey) throws -> ValueDecoder {
        let path = codingPath + [key]
        guard let value = members.first(where: { $0.0 == key.stringValue })?.1 else {
            throw InletError.invalidBody("'\(memberName(path))' is required.")
        }
        return ValueDecoder(value: value, codingPath: path)
    }
}

private struct ArrayContainer: UnkeyedDecodingContainer {
    let items: [JSONValue]
    let codingPath: [any CodingKey]
    var currentIndex = 0

    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    mutating func decodeNil() throws -> Bool {
        guard try peek().value == .null else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<Value: Decodable>(_ type: Value.Type) throws -> Value {
        let value = try peek().decode(type)
        currentIndex += 1
        return value
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let container = try peek().container(keyedBy: type)
        currentIndex += 1
        return container
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let container = try peek().unkeyedContainer()
        currentIndex += 1
        return container
    }

    mutating func superDecoder() throws -> any Decoder {
        let decoder = try peek()
        currentIndex += 1
        return decoder
    }

    private func peek() throws -> ValueDecoder {
        let path = codingPath + [MemberKey(intValue: currentIndex)]
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(JSONValue.self, .init(codingPath: path, debugDescription: "The array has no more items."))
        }
        return ValueDecoder(value: items[currentIndex], codingPath: path)
    }
}

private struct ScalarContainer: SingleValueDecodingContainer {
    let decoder: ValueDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool {
        decoder.value == .null
    }

    func decode<Value: Decodable>(_ type: Value.Type) throws -> Value {
        try decoder.decode(type)
    }
}

extension JSONValue: Decodable {
    /// The member as ``JSONValueDecoder`` parsed it, in its order and with its
    /// numbers' text; no other decoder keeps them, so no other decodes it.
    public init(from decoder: any Decoder) throws {
        guard let parsed = decoder as? ValueDecoder else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "JSONValue is read by JSONValueDecoder."))
        }
        self = parsed.value
    }
}
