/// Commits the writes of many requests in one transaction and one durable
/// commit, reading everything they need first and writing set-wise.
protocol GroupCommitStore: Sendable {
    /// Group commits the store runs at once: one for a store with a single
    /// writer; more where the next group can be read and written while the
    /// previous one waits for its commit to be durable.
    var concurrentCommits: Int { get }

    /// Fetches `lookup`, passes what was found to `decide`, and writes what it
    /// returns atomically; returns once the commit is durable.
    ///
    /// `decide` may run more than once: a store that shares its database with
    /// other instances runs the whole step again after a conflict with a
    /// concurrent transaction (a unique key taken meanwhile, or a monthly cap
    /// exceeded by a concurrent commit), with fresh facts.
    /// It must therefore depend on nothing but its input.
    func commit(_ lookup: IngestLookup, deciding decide: @escaping @Sendable (IngestFacts) -> IngestWrites) async throws
}
