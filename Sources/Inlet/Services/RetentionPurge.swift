import ServiceLifecycle

/// Deletes what passed an organization's or a stream's retention limit
/// (SPEC §13); a ``PeriodicService`` runs it. Reads leave such rows out from
/// the moment they pass the limit, so the deletes need not hurry: per policy
/// and kind they go in steps of at most `stepRows` rows, each its own short
/// transaction, and after each step the purge waits long enough that it
/// takes at most `share` of the store's time, so that group commits come
/// first. Without any policy a run is one small read.
struct RetentionPurge: Sendable {
    let store: any RetentionStore
    let clock: any InletClock
    /// Told the rows each step deleted.
    let deleted: @Sendable (RetainedKind, Int) -> Void
    var stepRows = 2_000
    var share = 0.1

    func run() async throws {
        for policy in try await store.retentionPolicies() {
            guard let cutoff = Retention.cutoff(days: policy.days, now: clock.nowMillis()) else { continue }
            for kind in policy.kinds {
                while !Task.isCancelled && !Task.isShuttingDownGracefully {
                    let started = ContinuousClock.now
                    let rows = try await store.purge(kind, of: policy, before: cutoff, limit: stepRows)
                    if rows > 0 { deleted(kind, rows) }
                    guard rows == stepRows else { break }
                    let took = ContinuousClock.now - started
                    try await Task.sleep(for: max(.milliseconds(1), took * ((1 - share) / share)))
                }
            }
        }
    }
}
