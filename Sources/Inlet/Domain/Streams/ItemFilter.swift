/// A `where.<field>=<value>` filter of a stream read: items whose field holds
/// that value. Typed: a value that reads as a JSON number matches numbers (by
/// value, so `7` matches `7.0`), `true`/`false` booleans, `null` nulls, a
/// JSON string in quotes (`"007"`) that string, and anything else the string
/// as written.
struct ItemFilter: Sendable, Equatable {
    var name: String
    var value: JSONValue

    /// Reads the filter of a query parameter `where.<field>`; nil for other parameters.
    static func parse(parameter: String, value text: String) throws(InletError) -> ItemFilter? {
        guard parameter.hasPrefix("where.") else { return nil }
        let name = String(parameter.dropFirst("where.".count))
        guard TextField.isValid(name, maximumLength: ItemFlattener.maximumNameLength) else {
            throw .invalidBody("'\(parameter.prefix(64))' must name a field of 1-\(ItemFlattener.maximumNameLength) characters.")
        }
        return ItemFilter(name: name, value: typed(text))
    }

    private static func typed(_ text: String) -> JSONValue {
        if let parsed = try? JSONParser.parse(Array(text.utf8)) {
            switch parsed {
            case .number(let number) where Double(number)?.isFinite == true: return parsed
            case .bool, .null, .string: return parsed
            default: break
            }
        }
        return .string(text)
    }
}
