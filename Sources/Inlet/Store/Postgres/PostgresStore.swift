import Logging
import NIOSSL
import PostgresNIO
import ServiceLifecycle
import Synchronization

/// The scale-out store: PostgreSQL, shared by every instance. Group commits
/// take a constant number of round trips whatever their size, unique keys
/// settle races between instances, and a commit is acknowledged only once
/// PostgreSQL reports it durable (`synchronous_commit` on).
final class PostgresStore: InletStore {
    let client: PostgresClient
    let logger: Logger
    /// How long an operation may wait for the database before it fails `unavailable`.
    let timeout: Duration
    /// How long a group commit's sent commit point is awaited before its
    /// outcome is unknown.
    let commitOutcomeWait = Duration.seconds(30)
    private let lastRoundTrips = Atomic<Int>(0)

    /// Conflicting transactions retried before a group commit gives up.
    static let conflictRetries = 8

    /// - Parameters:
    ///   - poolSize: connections kept to the server at most.
    ///   - timeout: how long an operation waits for the database before it fails `unavailable`.
    init(url: PostgresURL, poolSize: Int, timeout: Duration = .seconds(5), logger: Logger) {
        var configuration: PostgresClient.Configuration
        if let socket = url.unixSocketPath {
            configuration = .init(unixSocketPath: socket, username: url.username, password: url.password, database: url.database)
        } else {
            configuration = .init(
                host: url.host,
                port: url.port,
                username: url.username,
                password: url.password,
                database: url.database,
                tls: url.requiresTLS ? .require(.makeClientConfiguration()) : .disable
            )
        }
        configuration.options.maximumConnections = max(1, poolSize)
        configuration.options.connectTimeout = timeout
        configuration.options.additionalStartupParameters = [("synchronous_commit", "on"), ("application_name", "inlet")]
        self.client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.logger = logger
        self.timeout = timeout
    }

    /// Runs the connection pool until graceful shutdown; the store is open while it runs.
    func run() async throws {
        await client.run()
    }

    /// Statements sent by the last group commit: constant whatever its number of rows.
    var lastCommitRoundTrips: Int { lastRoundTrips.load(ordering: .relaxed) }

    /// Checks durability within the store's timeout (so an unreachable database
    /// fails fast), then migrates under the advisory lock, which may wait for
    /// another instance's migration for up to `migrationTimeout`.
    func prepare() async throws {
        try await withSession { session in
            let setting = try await session.query("SHOW synchronous_commit").first?.decode(String.self) ?? ""
            guard ["on", "local", "remote_write", "remote_apply"].contains(setting) else {
                throw StoreError.durability("synchronous_commit=\(setting); expected on")
            }
        }
        try await withSession(timeout: Self.migrationTimeout) { session in
            try await session.query("SELECT pg_advisory_lock(\(PostgresMigrations.lockKey))")
            do {
                try await self.migrate(session)
                try await session.query("SELECT pg_advisory_unlock(\(PostgresMigrations.lockKey))")
            } catch {
                _ = try? await session.query("SELECT pg_advisory_unlock(\(PostgresMigrations.lockKey))")
                throw error
            }
        }
    }

    /// How long migrating may take, waiting for another instance's included.
    static let migrationTimeout = Duration.seconds(300)

    private func migrate(_ session: PostgresSession) async throws {
        try await session.query(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())"
        )
        let applied = Set(try await session.query("SELECT version FROM schema_migrations").map { try $0.decode(Int.self) })
        for migration in PostgresMigrations.all where !applied.contains(migration.version) {
            try await session.transaction {
                for statement in migration.statements {
                    try await session.query(PostgresQuery(unsafeSQL: statement))
                }
                try await session.query("INSERT INTO schema_migrations (version, name) VALUES (\(migration.version), \(migration.name))")
            }
            logger.info("Applied migration", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
        }
    }

    func isReady() async -> Bool {
        do {
            return try await withSession { session in
                let latest = try await session.query("SELECT max(version) FROM schema_migrations").first?.decode(Int?.self)
                return latest == PostgresMigrations.all.last?.version
            }
        } catch {
            return false
        }
    }

    /// Two: the next group is read and written while the previous one waits for
    /// its durable commit. Their writes to one organization's monthly count
    /// still commit one after the other.
    var concurrentCommits: Int { 2 }

    /// A group's commit point sent before its deadline is awaited up to
    /// `commitOutcomeWait` rather than answered 503 while it may still land
    /// (``CommitGate``): a 503 `unavailable` means not stored, and when the
    /// outcome cannot be known the error says so (``StoreError/outcomeUnknown``).
    func commit(_ lookup: IngestLookup, deciding decide: @escaping @Sendable (IngestFacts) -> IngestWrites) async throws {
        let gate = CommitGate()
        var attempt = 1
        while true {
            do {
                let roundTrips = try await withSession(expired: gate.expire() ? StoreError.unavailable : nil) { session in
                    // Read committed: facts read before the writes' transaction
                    // are as fresh as facts read inside it.
                    let group = PostgresGroupCommit(session: session, gate: gate, outcomeWait: self.commitOutcomeWait)
                    let facts = try await group.fetch(lookup)
                    try await group.apply(decide(facts), guarding: facts.people)
                    return session.roundTrips
                }
                lastRoundTrips.store(roundTrips, ordering: .relaxed)
                return
            } catch let error where Self.isConflict(error) && attempt < Self.conflictRetries && !gate.deadlinePassed {
                logger.debug("Group commit conflicted; retrying", metadata: ["attempt": "\(attempt)"])
                attempt += 1
            }
        }
    }

    /// A unique key taken by a concurrent transaction, a deadlock or a
    /// serialization failure: running the transaction again can succeed.
    static func isConflict(_ error: any Error) -> Bool {
        error as? StoreError == .alreadyExists || error is PostgresConflict
    }

    /// Leases a connection for `body`, within the store's timeout; failures come
    /// back as ``StoreError`` or ``PostgresConflict``. When the timeout passes,
    /// `expired` gives the error to answer with, or nil to go on waiting.
    @discardableResult
    func withSession<Result: Sendable>(
        timeout: Duration? = nil,
        expired: @autoclosure @escaping @Sendable () -> (any Error)? = StoreError.unavailable,
        _ body: @escaping @Sendable (PostgresSession) async throws -> Result
    ) async throws -> Result {
        do {
            return try await Deadline.run(within: timeout ?? self.timeout, expired: expired()) {
                try await self.client.withConnection { connection in
                    try await body(PostgresSession(connection: connection, logger: self.logger))
                }
            }
        } catch {
            throw PostgresFailure.translate(error)
        }
    }
}

/// A transaction lost a race with a concurrent one (a deadlock or a
/// serialization failure) and may succeed when run again.
struct PostgresConflict: Error {}
