import Foundation

/// An item of a webhook stream, with its flattened fields (`location.city`).
public struct StreamItem: Decodable, Sendable, Hashable {
    public var id: String
    public var fields: [String: JSONValue]
    public var createdAt: Date
    public var updatedAt: Date
}
