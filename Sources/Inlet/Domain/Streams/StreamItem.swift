/// One field of a stream item: a flattened name and its JSON value.
public struct ItemField: Sendable, Equatable {
    public var name: String
    public var value: JSONValue

    public init(_ name: String, _ value: JSONValue) {
        self.name = name
        self.value = value
    }
}

/// An item of a webhook payload, flattened and identified, ready to be upserted.
public struct StreamItem: Sendable, Equatable {
    /// The item's id in its stream: its key field's value, or its position.
    public var id: String
    /// The fields sent, in the order they first appear in the payload.
    public var fields: [ItemField]

    public init(id: String, fields: [ItemField]) {
        self.id = id
        self.fields = fields
    }
}
