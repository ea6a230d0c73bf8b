/// Everything one step of the lead processor writes, in one transaction with
/// the removal of its events from the queue (or the references to them): that
/// is what makes each event processed exactly once.
struct LeadWrites: Sendable, Equatable {
    /// A lead created by an alias no one had.
    struct NewLead: Sendable, Equatable {
        var key: WorkerKey
        var appID: String
        var unitID: String?
        var createdAt: Int64
    }

    /// A milestone a person reached under a ruleset, and the timeline event recording it.
    struct ReachedMilestone: Sendable, Equatable {
        var key: ScoreKey
        var name: String
        var reachedAt: Int64
        var eventID: String
    }

    var leads: [NewLead] = []
    /// Aliases attached to the new leads.
    var identifiers: [IdentifierKey: String] = [:]
    /// Timeline events: the lead events processed, and the milestones and
    /// sequences they reached.
    var events: [StoredEvent] = []
    /// The progress of every (person, ruleset) the step scored.
    var progress: [ScoreKey: ScoreProgress] = [:]
    var milestones: [ReachedMilestone] = []
    /// Dead letters to store: new ones, and replays refused again, with their new reason.
    var deadLetters: [DeadLetter] = []
    /// Dead letters whose replay succeeded: their ids, with their organization.
    var resolvedDeadLetters: [String: String] = [:]
    /// How many events the step took.
    var processed = 0
    /// When the step was decided.
    var decidedAt: Int64

    init(decidedAt: Int64) {
        self.decidedAt = decidedAt
    }
}
