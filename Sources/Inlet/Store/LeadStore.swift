/// The lead processor's side of the store: its queue, the scores and
/// milestones it keeps, the dead letters it leaves, and the active units of keys.
protocol LeadStore: Sendable {
    /// One transaction of the lead processor: takes up to `limit` of the
    /// oldest queued lead events and as many of the oldest v1 events (on a
    /// store shared by instances, those of one partition that no other
    /// instance holds), in one step or several, each reading the
    /// ``LeadBatch`` that deciding it needs, writing what `decide` returns
    /// and removing its events from the queue. Nil when nothing was queued.
    ///
    /// `decide` may run more than once for a batch, as in ``GroupCommitStore/commit(_:deciding:)``.
    func processQueuedEvents(limit: Int, deciding decide: @escaping @Sendable (LeadBatch) -> LeadWrites) async throws -> ProcessedEvents?
    /// How many events wait for the processor, and since when.
    func leadQueueStatus() async throws -> LeadQueueStatus
    /// The person an identifier belongs to.
    func workerID(with identifier: IdentifierKey) async throws -> String?
    /// The milestones each of the given people reached, in the order reached.
    func milestones(workerIDs: [String], organizationID: String) async throws -> [String: [MilestoneRecord]]
    /// Dead letters of an organization, newest first.
    func deadLetters(_ query: DeadLetterQuery) async throws -> [StoredDeadLetter]
    /// Queues a dead letter's event again, unless it is queued already;
    /// false when the organization has no such dead letter.
    func replayDeadLetter(_ id: String, organizationID: String) async throws -> Bool
    /// Remembers the unit last made active with a key.
    func setActiveUnit(_ unitID: String, keyID: String, organizationID: String) async throws
}

/// The depth of the lead processor's queue.
struct LeadQueueStatus: Sendable, Equatable {
    /// Events waiting.
    var events: Int
    /// When the oldest waiting event was received; nil when none waits.
    var oldestReceivedAt: Int64?
}

/// A milestone as the lead reads show it.
struct MilestoneRecord: Sendable, Equatable {
    var name: String
    var rulesetID: String
    var reachedAt: Int64
}

/// A page of `GET /api/v1/dead-letters`: newest first, before `before`.
struct DeadLetterQuery: Sendable, Equatable {
    var organizationID: String
    var reasonCode: String?
    var before: Int64?
    /// Leaves out letters that failed before this time (retention).
    var failedSince: Int64?
    var limit: Int = 50
}

/// A stored dead letter and its place in the listing.
struct StoredDeadLetter: Sendable, Equatable {
    var deadLetter: DeadLetter
    var sequence: Int64
}

extension LeadStore {
    /// The milestones a person reached, in the order reached.
    func milestones(workerID: String, organizationID: String) async throws -> [MilestoneRecord] {
        try await milestones(workerIDs: [workerID], organizationID: organizationID)[workerID] ?? []
    }
}
