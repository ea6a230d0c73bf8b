/// Flattens a webhook item into fields: a nested object's fields are named
/// with the dot-separated path to them (`location.city`), while arrays, and
/// empty objects, stay values as they were sent.
///
/// A name is the keys on its path joined with dots, taken verbatim: a key that
/// already holds a dot (`"location.city": "Paris"`) names the same field as the
/// nested form, and an item that names one field twice, either way or by a
/// repeated key, is refused. `a` and `a.b` are different fields: an item may
/// carry both.
enum ItemFlattener {
    /// Longest field name, in Unicode code points.
    static let maximumNameLength = 256
    /// Fields up to which a name is checked against the others one by one.
    private static let linearLimit = 16

    /// The fields of an item (the members of its object), in the order they
    /// appear, or why it is refused.
    static func flatten(_ members: [(String, JSONValue)]) -> Result<[ItemField], RowError> {
        var fields: [ItemField] = []
        var names = Set<String>()
        if let error = collect(members, prefix: "", into: &fields, names: &names) { return .failure(error) }
        return .success(fields)
    }

    private static func collect(
        _ members: [(String, JSONValue)],
        prefix: String,
        into fields: inout [ItemField],
        names: inout Set<String>
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
            if let problem = problem(in: value) { return RowError(.invalidItem, "Field '\(name.prefix(64))' holds \(problem).") }
            guard isNew(name, among: fields, names: &names) else {
                return RowError(.invalidItem, "Field '\(name.prefix(64))' is named twice in this item.")
            }
            fields.append(ItemField(name, value))
        }
        return nil
    }

    /// Whether no field of `fields` is named `name`. Items have a few fields,
    /// and a linear search over them beats hashing every name; past
    /// ``linearLimit`` fields the names go into `names`, so that a large item
    /// stays linear in its size.
    private static func isNew(_ name: String, among fields: [ItemField], names: inout Set<String>) -> Bool {
        if fields.count < linearLimit { return !fields.contains { $0.name == name } }
        if names.isEmpty { names = Set(fields.lazy.map(\.name)) }
        return names.insert(name).inserted
    }

    /// What in `value` no store can keep alike, if anything: U+0000 in a string
    /// or key (PostgreSQL's JSON cannot hold it), or a number beyond a double's
    /// range. Both stores refuse them.
    private static func problem(in value: JSONValue) -> String? {
        switch value {
        case .string(let text): text.unicodeScalars.contains("\u{0}") ? "U+0000" : nil
        case .number(let text): Double(text)?.isFinite == true ? nil : "a number beyond the range of a double"
        case .array(let items): items.lazy.compactMap(problem).first
        case .object(let members):
            members.contains { $0.0.unicodeScalars.contains("\u{0}") } ? "U+0000" : members.lazy.compactMap { problem(in: $0.1) }.first
        case .null, .bool: nil
        }
    }
}
