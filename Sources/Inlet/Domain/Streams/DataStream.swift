/// A webhook stream of an organization: a named pool of items that anything
/// able to POST JSON feeds with the stream's own ingest key.
public struct DataStream: Sendable, Equatable {
    /// `str_…`.
    public var id: String
    public var organizationID: String
    /// Unique in the organization, `[a-z0-9][a-z0-9_-]{0,62}`; the webhook path.
    public var name: String
    /// The flattened field that identifies items when a request names none.
    public var itemKey: String?
    public var key: StreamKey
    public var createdAt: Int64

    public init(id: String, organizationID: String, name: String, itemKey: String?, key: StreamKey, createdAt: Int64) {
        self.id = id
        self.organizationID = organizationID
        self.name = name
        self.itemKey = itemKey
        self.key = key
        self.createdAt = createdAt
    }
}

/// A stream's one ingest key (`ik_live_…`): shown once, stored as a bcrypt hash,
/// replaced when rotated.
public typealias StreamKey = HashedSecret
