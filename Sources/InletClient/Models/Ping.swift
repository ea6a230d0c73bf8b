/// What `GET /api/v1/ingest/ping` says of the key.
public struct Ping: Decodable, Sendable, Hashable {
    public var ok: Bool
    public var organizationID: String
    /// The key's app (its slug).
    public var app: String
    public var keyID: String

    enum CodingKeys: String, CodingKey {
        case ok, app
        case organizationID = "organizationId"
        case keyID = "keyId"
    }
}
