import Logging
import ServiceLifecycle

/// Everything Inlet needs from its store; SQLite and PostgreSQL implement it.
/// A store is a service: it is open while `run()` runs, which ends on graceful
/// shutdown (or cancellation) once everything queued before has been stored.
protocol InletStore: TenancyStore, ReadStore, LiveStore, IdempotencyStore, GroupCommitStore, LeadStore, ErasureStore, RetentionStore, WebhookStore,
    Service
{
    /// Runs pending migrations and checks durability settings.
    func prepare() async throws
    /// Whether the store answers and its schema is current.
    func isReady() async -> Bool
}

/// Opens the store a ``DatabaseLocation`` names.
enum StoreFactory {
    /// - Parameters:
    ///   - poolSize: PostgreSQL connections at most.
    ///   - timeout: how long a PostgreSQL operation waits for the database before it fails `unavailable`.
    static func open(
        _ location: DatabaseLocation,
        poolSize: Int = 16,
        timeout: Duration = .seconds(5),
        logger: Logger
    ) throws
        -> any InletStore
    {
        switch location {
        case .sqlite(let path): try SQLiteStore(path: path)
        case .postgres(let url): PostgresStore(url: url, poolSize: poolSize, timeout: timeout, logger: logger)
        }
    }
}
