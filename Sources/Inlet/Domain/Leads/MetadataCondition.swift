/// A `where` condition of a scoring rule: the value at a dotted path of the
/// event's metadata (`"metadata.plan.tier"`) equals `value`, typed as in
/// stream filters (a number matches numbers by value, a string strings).
struct MetadataCondition: Sendable, Equatable {
    /// The path below `metadata`, split at the dots.
    var path: [String]
    var value: JSONValue

    init(path: [String], value: JSONValue) {
        self.path = path
        self.value = value
    }

    /// The condition a `where` key names, or nil when the key does not start
    /// with `metadata.` or has an empty segment.
    init?(key: String, value: JSONValue) {
        let segments = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard segments.count >= 2, segments[0] == "metadata", !segments.contains(where: \.isEmpty) else { return nil }
        self.init(path: Array(segments.dropFirst()), value: value)
    }

    /// The `where` key of the condition.
    var key: String {
        (["metadata"] + path).joined(separator: ".")
    }

    func holds(in metadata: JSONValue?) -> Bool {
        var current = metadata
        for segment in path {
            guard case .object(let members) = current, let member = members.last(where: { $0.0 == segment }) else { return false }
            current = member.1
        }
        return current.map { ItemField.sameValue($0, value) } ?? false
    }
}
