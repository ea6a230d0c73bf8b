/// Reads a webhook body: one JSON object, or a non-empty array of objects
/// (anything else is 400 `invalid_body`, and nothing is stored), each flattened and identified by `key` (a flattened field name) or, without
/// one, by its position.
public enum WebhookPayload {
    public static func items(_ body: JSONValue, key: String?) throws(InletError) -> [Result<StreamItem, RowError>] {
        let items: [[(String, JSONValue)]]
        switch body {
        case .object(let members): items = [members]
        case .array(let array) where !array.isEmpty:
            items = try array.enumerated().map { index, element throws(InletError) in
                guard case .object(let members) = element else {
                    throw .invalidBody("The body must be a JSON object or a non-empty array of objects; item \(index) is not an object.")
                }
                return members
            }
        default: throw .invalidBody("The body must be a JSON object or a non-empty array of objects.")
        }
        return items.enumerated().map { index, item in
            ItemFlattener.flatten(item).flatMap { fields in
                ItemIdentity.id(of: fields, at: index, key: key).map { StreamItem(id: $0, fields: fields) }
            }
        }
    }
}
