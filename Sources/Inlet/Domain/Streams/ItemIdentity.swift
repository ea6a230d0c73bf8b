/// Which item of a stream a payload's item is: the value of its key field
/// (named by `X-Item-Key`, else the stream's default item key), or, without a
/// key field, its position in the payload, so that the item at position *i* of
/// every payload is the item `"i"`.
enum ItemIdentity {
    /// Longest item id, in Unicode code points.
    static let maximumIDLength = 256

    /// The id of the item at `index` with `fields`, keyed by the field `key`.
    /// A string identifies by its text, a number by its text as sent (`7` and
    /// `7.0` are two ids); any other value, or none, refuses the item.
    static func id(of fields: [ItemField], at index: Int, key: String?) -> Result<String, RowError> {
        guard let key else { return .success(String(index)) }
        guard let field = fields.first(where: { $0.name == key }) else {
            return .failure(RowError(.missingItemKey, "The item has no field '\(key.prefix(64))' to identify it."))
        }
        let id: String
        switch field.value {
        case .string(let text): id = text
        case .number(let text): id = text
        default: return .failure(RowError(.invalidItem, "Field '\(key.prefix(64))' must be a string or a number to identify the item."))
        }
        guard TextField.isValid(id, maximumLength: maximumIDLength) else {
            return .failure(RowError(.invalidItem, "Field '\(key.prefix(64))' must be 1-\(maximumIDLength) characters to identify the item."))
        }
        return .success(id)
    }
}
