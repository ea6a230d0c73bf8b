/// Flattens a webhook item into fields: a nested object's fields are named
/// with the dot-separated path to them (`location.city`), while arrays, and
/// empty objects, stay values as they were sent.
///
/// A name is the keys on its path joined with dots, taken verbatim: a key that
/// already holds a dot (`"location.city": "Paris"`) names the same field as the
/// nested form, and an item that names one field twice, either way or by a
/// repeated key, is refused. `a` and `a.b` are different fields: an item may
/// carry both.
public enum ItemFlattener {
    /// Longest field name, in Unicode code points.
    public static let maximumNameLength = 256

    /// The fields of `item`, in the order they appear, or why it is refused.
    public static func flatten(_ item: JSONValue) -> Result<[ItemField], RowError> {
        guard case .object(let members) = item else {
            return .failure(RowError(.invalidItem, "An item must be a JSON object."))
        }
        var fields: [ItemField] = []
        var names = Set<String>()
        if let error = collect(members, prefix: "", into: &fields, names: &names) { return .failure(error) }
        return .success(fields)
    }

    private static func collect(
        _ members: [(String, JSONValue)], prefix: String, into fields: inout [ItemField], names: inout Set<String>
    ) -> RowError? {
        for (key, value) in members {
            guard !key.isEmpty else { return RowError(.invalidItem, "A field name must not be empty.") }
            let name = prefix + key
            guard TextField.isValid(name, maximumLength: maximumNameLength) else {
                return RowError(.invalidItem, "Field '\(name.prefix(64))' must be 1-\(maximumNameLength) characters without U+0000.")
            }
            if case .object(let nested) = value, !nested.isEmpty {
                if let error = collect(nested, prefix: name + ".", into: &fields, names: &names) { return error }
                continue
            }
            guard !containsNul(value) else { return RowError(.invalidItem, "Field '\(name.prefix(64))' holds U+0000.") }
            guard names.insert(name).inserted else {
                return RowError(.invalidItem, "Field '\(name.prefix(64))' is named twice in this item.")
            }
            fields.append(ItemField(name, value))
        }
        return nil
    }

    /// Whether U+0000 appears in a string or key anywhere in `value`
    /// (PostgreSQL's JSON cannot hold it; both stores refuse it).
    private static func containsNul(_ value: JSONValue) -> Bool {
        switch value {
        case .string(let text): text.unicodeScalars.contains("\u{0}")
        case .array(let items): items.contains(where: containsNul)
        case .object(let members): members.contains { $0.0.unicodeScalars.contains("\u{0}") || containsNul($0.1) }
        case .null, .bool, .number: false
        }
    }
}
