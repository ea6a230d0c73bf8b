/// A kind of row that retention deletes.
enum RetainedKind: String, Sendable, CaseIterable {
    /// Timeline events of every source, by timestamp.
    case events
    /// Snapshots replaced by a newer one (current snapshots stay), by timestamp.
    case snapshots
    /// Dead letters, by the time they failed.
    case deadLetters = "dead_letters"
    /// A stream's items, by their last update.
    case streamItems = "stream_items"
}

/// An organization's or a stream's limit, in days.
struct RetentionPolicy: Sendable, Equatable {
    var organizationID: String
    /// Nil for the organization's own limit.
    var streamID: String?
    var days: Int

    /// The kinds of rows the limit applies to.
    var kinds: [RetainedKind] { streamID == nil ? [.events, .snapshots, .deadLetters] : [.streamItems] }
}

/// The deletes of retention, in bounded steps.
protocol RetentionStore: Sendable {
    /// The organizations and streams that keep their rows for a limited time.
    func retentionPolicies() async throws -> [RetentionPolicy]
    /// Deletes at most `limit` rows of `kind` older than `cutoff` (milliseconds
    /// since the epoch) of the policy's organization or stream, in one short
    /// transaction; the number deleted.
    func purge(_ kind: RetainedKind, of policy: RetentionPolicy, before cutoff: Int64, limit: Int) async throws -> Int
}
