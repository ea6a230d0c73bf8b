/// Request counts shared by the instances of one database, so that rate
/// limits hold across them. Only a store that several instances share has it.
protocol RateCounterStore: Sendable {
    /// Whether the store answers and its schema is current.
    func isReady() async -> Bool
    /// Stores this instance's counts (replacing what it stored before for the
    /// same budget and second) and returns the sums of the other instances'
    /// counts of the same budgets from second `since` on, in one round trip.
    func exchange(_ counts: [RateLimiter.Count], instanceID: String, since: Int64) async throws -> [RateLimiter.Count]
    /// Records that this instance is live at `second`; returns how many other
    /// instances were live from second `since` on.
    func heartbeat(instanceID: String, second: Int64, since: Int64) async throws -> Int
    /// Deletes counts of seconds before `second`.
    func deleteRateCounts(before second: Int64) async throws
}
