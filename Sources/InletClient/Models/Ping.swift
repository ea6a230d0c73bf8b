/// What `GET /api/v1/ingest/ping` says of the key.
public struct Ping: Decodable, Sendable, Hashable {
    /// Always true: the key is valid.
    public var ok: Bool
    /// The key's organization.
    public var organizationID: String
    /// The key's app (its slug).
    public var app: String
    /// The key's id (`key_…`).
    public var keyID: String

    enum CodingKeys: String, CodingKey {
        case ok, app
        case organizationID = "organizationId"
        case keyID = "keyId"
    }
}
