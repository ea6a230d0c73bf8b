import Logging

/// Everything `buildApplication(configuration:)` needs; the CLI fills it from
/// flags and `INLET_*` variables, tests construct it directly.
public struct InletConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    /// The store: an SQLite file (the default `inlet.sqlite`) or a PostgreSQL URL.
    public var database = DatabaseLocation.sqlite(path: "inlet.sqlite")
    /// PostgreSQL connections per instance at most.
    public var databasePoolSize = 16
    /// How long a PostgreSQL operation waits for the database before failing with 503.
    public var databaseTimeout = Duration.seconds(5)
    /// An admin token accepted besides the stored ones.
    public var adminToken: String?
    /// The base URL clients reach the server at, for `docsUrl` and the first-start curl line.
    public var publicURL: String?
    /// How long a key verification is cached, in seconds.
    public var keyCacheSeconds = 10
    /// How long idempotency records are kept, in seconds.
    public var idempotencyRetentionSeconds = 86_400
    /// How often expired idempotency records, and rows past their
    /// organization's or stream's retention, are deleted.
    public var retentionInterval = Duration.seconds(60)
    /// Largest body on `/api/v1/ingest/*`, in bytes (5 MB).
    public var ingestBodyLimit = 5 << 20
    /// Largest body on the admin API, in bytes (1 MB).
    public var adminBodyLimit = 1 << 20
    /// Largest body on `/import/events`, in bytes (50 MB).
    public var importBodyLimit = 50 << 20
    /// Bytes of request bodies parsed, validated and committed at once; a
    /// write whose body is read beyond them waits its turn (2 MB, about
    /// 11 000 events: enough for the group commit to stay busy).
    public var inFlightBodyBytes = 2 << 20
    /// Requests that may wait for a group commit before new ones get 503.
    public var writeQueueCapacity = 2048
    /// How long a connection may send nothing (mid-request or between
    /// requests) before it is closed.
    public var idleTimeout = Duration.seconds(30)
    /// Whether this instance runs the lead processor (instances sharing
    /// PostgreSQL share its work whether one or all of them run it).
    public var processesLeads = true
    /// Queued lead events above which requests that queue more wait (up to
    /// two seconds) before they are stored, so that the lag stays bounded;
    /// nil never waits. Applies only where the lead processor runs.
    public var leadBacklogLimit: Int? = 50_000
    /// How often the lead processor's queue depth and lag are measured, for
    /// `/metrics` and for ``leadBacklogLimit``.
    public var leadQueueStatusInterval = Duration.seconds(1)
    /// How often the live stream reads the store for new events.
    public var livePollInterval = Duration.milliseconds(50)
    /// How often a live stream sends a comment to show it is alive.
    public var liveHeartbeatInterval = Duration.seconds(15)
    /// Events a live stream's client may fall behind by before it is disconnected.
    public var liveBufferEvents = 1024
    /// How often instances sharing PostgreSQL exchange their request counts.
    public var rateCountExchangeInterval = Duration.milliseconds(50)
    /// The key that signs dashboard sessions; instances behind one address
    /// share it. Nil: a random key per process, so sessions end with it.
    public var sessionSecret: String?
    /// How long a dashboard session lasts.
    public var sessionLifetime = Duration.seconds(12 * 3600)
    /// When set, `/metrics` requires it as a bearer token.
    public var metricsToken: String?
    /// How often the webhook dispatcher looks for due deliveries when it has
    /// none in flight; while endpoints are active, a commit that stores
    /// events ends its wait within 50 ms.
    public var webhookIdleInterval = Duration.seconds(1)
    /// Whether webhook endpoints may name private, loopback or link-local hosts.
    public var webhooksAllowPrivate = false
    public var logLevel = Logger.Level.info
    var clock: any InletClock = SystemClock()
    var identifiers: (any IdentifierGenerator)?
    var hasher: any SecretHasher = BcryptHasher()

    public init() {}

    /// The base URL of this server as clients see it.
    public var baseURL: String {
        publicURL ?? "http://\(host == "0.0.0.0" ? "127.0.0.1" : host):\(port)"
    }
}
