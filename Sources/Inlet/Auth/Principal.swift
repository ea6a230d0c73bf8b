/// Who a request is authenticated as.
enum Principal: Sendable {
    /// An app key of an organization.
    case app(AppPrincipal)
    /// The ingest key of a webhook stream.
    case stream(StreamPrincipal)
    /// The operator, with the admin token.
    case admin
}

/// An authenticated stream key with its stream and organization.
struct StreamPrincipal: Sendable {
    var organization: Organization
    var stream: DataStream
}

/// An authenticated app key with what the ingest path needs of its organization and app.
struct AppPrincipal: Sendable {
    var organization: Organization
    var app: DeveloperApp
    var keyID: String
    /// The unit the key is bound to.
    var unitID: String?
    /// The unit last made active with the key.
    var activeUnitID: String?
}
