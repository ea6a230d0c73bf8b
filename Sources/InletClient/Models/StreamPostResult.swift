/// The answer to ``InletClient/postToStream(_:items:itemKey:idempotencyKey:)``.
public struct StreamPostResult: Decodable, Sendable, Hashable {
    public var status: String
    /// Items in the payload.
    public var received: Int
    /// Items created or updated.
    public var stored: Int
    public var rejections: [Rejection]
    public var items: [Item]
    public var requestID: String

    /// An item that could not be stored.
    public struct Rejection: Decodable, Sendable, Hashable {
        public var index: Int
        public var error: EventBatchResult.RowError
    }

    /// A stored item: its id and whether it was `created`, `updated` or `unchanged`.
    public struct Item: Decodable, Sendable, Hashable {
        public var index: Int
        public var id: String
        public var result: String
    }

    enum CodingKeys: String, CodingKey {
        case status, received, stored, rejections, items
        case requestID = "requestId"
    }
}
