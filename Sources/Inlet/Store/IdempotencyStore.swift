/// Durable idempotency records.
protocol IdempotencyStore: Sendable {
    /// The record for a key in an organization and route, if stored at or after `notBefore`.
    func idempotencyRecord(organizationID: String, route: String, key: String, notBefore: Int64) async throws -> IdempotencyRecord?
    /// Deletes records created before `time`; returns how many.
    func deleteIdempotencyRecords(before time: Int64) async throws -> Int
}
