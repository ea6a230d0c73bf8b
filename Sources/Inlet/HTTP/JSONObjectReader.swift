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

    private func value(_ name: String) -> JSONValue? {
        members.first { $0.0 == name }?.1
    }

    /// A string field of 1 to `maximumLength` characters.
    func string(_ name: String, maximumLength: Int = 128) throws -> String? {
        guard let value = value(name), value != .null else { return nil }
        guard let text = value.stringValue, (1...maximumLength).contains(text.count) else {
            throw InletError.invalidBody("'\(name)' must be a string of 1-\(maximumLength) characters.")
        }
        return text
    }

    /// A whole number field within `range`; JSON null reads as nil.
    func integer(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let value = value(name), value != .null else { return nil }
        guard case .number(let text) = value, let number = Int(text), range.contains(number) else {
            throw InletError.invalidBody("'\(name)' must be a whole number from \(range.lowerBound) to \(range.upperBound).")
        }
        return number
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
