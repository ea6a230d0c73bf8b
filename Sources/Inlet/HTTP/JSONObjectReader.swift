/// Reads the typed fields of a small JSON object body (admin routes), refusing
/// unknown fields and wrong types with 400 `invalid_body`.
struct JSONObjectReader {
    private let members: [(String, JSONValue)]

    init(_ value: JSONValue, allowed: Set<String>) throws {
        guard case .object(let members) = value else { throw InletError.invalidBody("The body must be a JSON object.") }
        if let unknown = members.first(where: { !allowed.contains($0.0) }) {
            throw InletError.invalidBody("Unknown field '\(unknown.0.prefix(64))'.")
        }
        self.members = members
    }

    func has(_ name: String) -> Bool {
        members.contains { $0.0 == name }
    }

    /// The field's value as sent, if present.
    func value(_ name: String) -> JSONValue? {
        members.first { $0.0 == name }?.1
    }

    /// A string field of 1 to `maximumLength` characters, as ``TextField`` reads them.
    func string(_ name: String, maximumLength: Int = 128) throws -> String? {
        guard let value = value(name), value != .null else { return nil }
        guard let text = value.stringValue, TextField.isValid(text, maximumLength: maximumLength) else {
            throw InletError.invalidBody("'\(name)' must be a string of 1-\(maximumLength) characters, without U+0000.")
        }
        return text
    }

    /// A whole number field within `range`, written as an integer or as a
    /// number without a fraction (`610.0`, `6.1e2`); JSON null reads as nil.
    func integer(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let value = value(name), value != .null else { return nil }
        guard case .number(let text) = value, let number = Self.wholeNumber(text), range.contains(number) else {
            throw InletError.invalidBody("'\(name)' must be a whole number from \(range.lowerBound) to \(range.upperBound).")
        }
        return number
    }

    private static func wholeNumber(_ text: String) -> Int? {
        if let number = Int(text) { return number }
        guard let number = Double(text), number == number.rounded(), abs(number) < 0x1p53 else { return nil }
        return Int(number)
    }

    /// A boolean field; JSON null reads as nil.
    func bool(_ name: String) throws -> Bool? {
        guard let value = value(name), value != .null else { return nil }
        guard case .bool(let flag) = value else { throw InletError.invalidBody("'\(name)' must be true or false.") }
        return flag
    }

    /// An array of strings.
    func strings(_ name: String) throws -> [String]? {
        guard let value = value(name) else { return nil }
        guard case .array(let items) = value, items.count <= 1000 else {
            throw InletError.invalidBody("'\(name)' must be an array of strings.")
        }
        return try items.map { item in
            guard let text = item.stringValue else { throw InletError.invalidBody("'\(name)' must be an array of strings.") }
            return text
        }
    }
}
