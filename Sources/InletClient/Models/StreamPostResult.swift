/// The answer to ``InletClient/postToStream(_:items:itemKey:idempotencyKey:)``.
public struct StreamPostResult: Decodable, Sendable, Hashable {
    /// `accepted`: stored durably.
    public var status: String
    /// Items in the payload.
    public var received: Int
    /// Items created or updated.
    public var stored: Int
    /// Items that could not be stored.
    public var rejections: [Rejection]
    /// Items stored, with their ids.
    public var items: [Item]
    /// The server's id of the request (`req_…`).
    public var requestID: String

    /// An item that could not be stored.
    public struct Rejection: Decodable, Sendable, Hashable {
        /// The item's position in the payload.
        public var index: Int
        /// Why it could not be stored.
        public var error: EventBatchResult.RowError
    }

    /// A stored item: its id and whether it was `created`, `updated` or `unchanged`.
    public struct Item: Decodable, Sendable, Hashable {
        /// The item's position in the payload.
        public var index: Int
        /// The item's identity.
        public var id: String
        /// `created`, `updated` or `unchanged`.
        public var result: String
    }

    enum CodingKeys: String, CodingKey {
        case status, received, stored, rejections, items
        case requestID = "requestId"
    }
}
