/// Who a request is authenticated as.
public enum Principal: Sendable {
    /// An app key of an organization.
    case app(AppPrincipal)
    /// The ingest key of a webhook stream.
    case stream(StreamPrincipal)
    /// The operator, with the admin token.
    case admin
}

/// An authenticated stream key with its stream and organization.
public struct StreamPrincipal: Sendable {
    public var organization: Organization
    public var stream: DataStream
}

/// An authenticated app key with what the ingest path needs of its organization and app.
public struct AppPrincipal: Sendable {
    public var organization: Organization
    public var app: DeveloperApp
    public var keyID: String
    /// The unit the key is bound to.
    public var unitID: String?
    /// The unit last made active with the key.
    public var activeUnitID: String?
}
