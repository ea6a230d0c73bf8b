/// Everything Inlet needs from its store; SQLite and PostgreSQL implement it.
public protocol InletStore: TenancyStore, ReadStore, IdempotencyStore, GroupCommitStore {
    /// Runs pending migrations and checks durability settings.
    func prepare() async throws
    /// Whether the store answers and its schema is current.
    func isReady() async -> Bool
    /// Closes the store; no call may follow.
    func close() async throws
}
