/// Everything one step of the lead processor writes, in one transaction with
/// the removal of its events from the queue (or the references to them): that
/// is what makes each event processed exactly once.
public struct LeadWrites: Sendable, Equatable {
    /// A lead created by an alias no one had.
    public struct NewLead: Sendable, Equatable {
        public var key: WorkerKey
        public var appID: String
        public var unitID: String?
        public var createdAt: Int64
    }

    /// A milestone a person reached under a ruleset, and the timeline event recording it.
    public struct ReachedMilestone: Sendable, Equatable {
        public var key: ScoreKey
        public var name: String
        public var reachedAt: Int64
        public var eventID: String
    }

    public var leads: [NewLead] = []
    /// Aliases attached to the new leads.
    public var identifiers: [IdentifierKey: String] = [:]
    /// Timeline events: the lead events processed, and the milestones and
    /// sequences they reached.
    public var events: [StoredEvent] = []
    /// The progress of every (person, ruleset) the step scored.
    public var progress: [ScoreKey: ScoreProgress] = [:]
    public var milestones: [ReachedMilestone] = []
    /// Dead letters to store: new ones, and replays refused again, with their new reason.
    public var deadLetters: [DeadLetter] = []
    /// Dead letters whose replay succeeded: their ids, with their organization.
    public var resolvedDeadLetters: [String: String] = [:]
    /// How many events the step took.
    public var processed = 0
    /// When the step was decided.
    public var decidedAt: Int64

    public init(decidedAt: Int64) {
        self.decidedAt = decidedAt
    }
}
