/// How a lead's (or worker's) events are scored: rules that award points,
/// milestones recorded once when the score first reaches them, and sequences
/// of event types recorded once when completed in order within a time limit.
public struct Ruleset: Sendable, Equatable {
    /// The name of the built-in ruleset every organization has, whose score
    /// is the worker's activity score.
    public static let activityName = "activity"
    /// The built-in ruleset's id, the same in every organization.
    public static let activityID = "rs_activity"

    public var id: String
    public var organizationID: String
    /// Unique in the organization.
    public var name: String
    /// The unit whose events it scores; nil for every unit, and for the
    /// events of the Ingest API v1.
    public var unitID: String?
    public var active: Bool
    /// Only events of the last that many days count towards the score; nil
    /// for all of them.
    public var windowDays: Int?
    public var rules: [ScoringRule]
    public var milestones: [Milestone]
    public var sequences: [EventSequence]
    public var createdAt: Int64
    public var updatedAt: Int64

    public init(
        id: String, organizationID: String, name: String, unitID: String?, active: Bool, windowDays: Int?, rules: [ScoringRule],
        milestones: [Milestone], sequences: [EventSequence], createdAt: Int64, updatedAt: Int64
    ) {
        self.id = id
        self.organizationID = organizationID
        self.name = name
        self.unitID = unitID
        self.active = active
        self.windowDays = windowDays
        self.rules = rules
        self.milestones = milestones
        self.sequences = sequences
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The built-in ruleset: one point per event, over 7 days.
    public static func activity(organizationID: String, at time: Int64) -> Ruleset {
        Ruleset(
            id: activityID, organizationID: organizationID, name: activityName, unitID: nil, active: true, windowDays: 7,
            rules: [ScoringRule(eventType: "*", points: 1, conditions: [])], milestones: [], sequences: [], createdAt: time, updatedAt: time)
    }

    /// The window in milliseconds, if any.
    var windowMillis: Int64? {
        windowDays.map { Int64($0) * 86_400_000 }
    }

    /// Whether the ruleset scores an event of `unitID` (nil for a v1 event).
    public func applies(to unitID: String?) -> Bool {
        active && (self.unitID == nil || self.unitID == unitID)
    }

    /// Whether a rule looks into an event's metadata.
    var readsMetadata: Bool {
        rules.contains { !$0.conditions.isEmpty }
    }

    /// The points `event` earns: the sum over the rules it matches.
    public func points(for event: ScoredEvent) -> Int {
        rules.reduce(0) { $0 + ($1.matches(event) ? $1.points : 0) }
    }
}

/// A rule of a ruleset: events whose type matches `eventType` (an exact name,
/// `prefix.*` or `*`) and whose metadata holds every value of `conditions`
/// earn `points`, which may be negative.
public struct ScoringRule: Sendable, Equatable {
    public var eventType: String
    public var points: Int
    public var conditions: [MetadataCondition]

    public init(eventType: String, points: Int, conditions: [MetadataCondition]) {
        self.eventType = eventType
        self.points = points
        self.conditions = conditions
    }

    func matches(_ event: ScoredEvent) -> Bool {
        EventTypeWhitelist.matches(eventType, event.eventType) && conditions.allSatisfy { $0.holds(in: event.metadata) }
    }
}

/// A milestone: recorded once per person, the first time an event takes the
/// score from below `threshold` to it or above.
public struct Milestone: Sendable, Equatable {
    public var name: String
    public var threshold: Int

    public init(name: String, threshold: Int) {
        self.name = name
        self.threshold = threshold
    }
}

/// A sequence: recorded once per person, when events matching `steps` (each
/// an exact name, `prefix.*` or `*`) happen in that order, other events in
/// between, the last at most `withinSeconds` after the first.
public struct EventSequence: Sendable, Equatable {
    public var name: String
    public var steps: [String]
    public var withinSeconds: Int

    public init(name: String, steps: [String], withinSeconds: Int) {
        self.name = name
        self.steps = steps
        self.withinSeconds = withinSeconds
    }
}
