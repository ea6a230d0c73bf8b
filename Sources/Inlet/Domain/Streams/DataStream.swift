/// A webhook stream of an organization: a named pool of items that anything
/// able to POST JSON feeds with the stream's own ingest key, or signed as its
/// ``signature`` says.
struct DataStream: Sendable, Equatable {
    /// `str_…`.
    var id: String
    var organizationID: String
    /// Unique in the organization, `[a-z0-9][a-z0-9_-]{0,62}`; the webhook path.
    var name: String
    /// The flattened field that identifies items when a request names none.
    var itemKey: String?
    var key: StreamKey
    var createdAt: Int64
    /// Days an item not updated is kept; nil keeps items forever.
    var retentionDays: Int? = nil
    /// How a request without a key is authenticated, if it can be.
    var signature: StreamSignature? = nil
}

/// A stream's one ingest key (`ik_live_…`): shown once, stored as a bcrypt hash,
/// replaced when rotated.
typealias StreamKey = HashedSecret
