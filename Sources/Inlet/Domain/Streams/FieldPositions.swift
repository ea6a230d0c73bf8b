/// Where each field of a list is, by name. Items have a few fields, and a
/// linear search over them beats hashing their names; a large item gets a
/// hash table, so that merging stays linear in its size. Fields usually come
/// in the order they are stored in, so a search starts after the field found
/// last.
struct FieldPositions {
    private static let linearLimit = 16
    private var table: [String: Int]?
    private var next = 0

    /// Positions in `fields`, to which `adding` more fields may be appended.
    init(_ fields: [ItemField], adding: Int) {
        guard fields.count + adding > Self.linearLimit else { return }
        table = Dictionary(fields.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    mutating func position(of name: String, in fields: [ItemField]) -> Int? {
        let found = search(name, in: fields, from: next) ?? table.flatMap { $0[name] }
        if let found { next = found + 1 }
        return found
    }

    /// Looks at the field at `start` then, without a table, at the others.
    private func search(_ name: String, in fields: [ItemField], from start: Int) -> Int? {
        if start < fields.count && fields[start].name == name { return start }
        guard table == nil else { return nil }
        return fields.indices.first { $0 != start && fields[$0].name == name }
    }

    mutating func append(_ name: String, at position: Int) {
        table?[name] = position
    }
}
