import Foundation

/// An item of a webhook stream, with its flattened fields (`location.city`).
public struct StreamItem: Decodable, Sendable, Hashable {
    /// The item's identity: its item key's value, or its position.
    public var id: String
    /// Its fields by flattened name.
    public var fields: [String: JSONValue]
    /// When it was first stored.
    public var createdAt: Date
    /// When it last changed.
    public var updatedAt: Date
}
