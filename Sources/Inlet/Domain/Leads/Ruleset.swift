/// How a lead's (or worker's) events are scored: rules that award points,
/// milestones recorded once when the score first reaches them, and sequences
/// of event types recorded once when completed in order within a time limit.
struct Ruleset: Sendable, Equatable {
    /// Longest window: ten years.
    static let maximumWindowDays = 3650

    /// The name of the built-in ruleset every organization has, whose score
    /// is the worker's activity score.
    static let activityName = "activity"
    /// The built-in ruleset's id, the same in every organization.
    static let activityID = "rs_activity"

    var id: String
    var organizationID: String
    /// Unique in the organization.
    var name: String
    /// The unit whose events it scores; nil for every unit, and for the
    /// events of the Ingest API v1.
    var unitID: String?
    var active: Bool
    /// Only events of the last that many days count towards the score; nil
    /// for all of them.
    var windowDays: Int?
    var rules: [ScoringRule]
    var milestones: [Milestone]
    var sequences: [EventSequence]
    var createdAt: Int64
    var updatedAt: Int64

    /// The built-in ruleset: one point per event, over 7 days.
    static func activity(organizationID: String, at time: Int64) -> Ruleset {
        Ruleset(
            id: activityID,
            organizationID: organizationID,
            name: activityName,
            unitID: nil,
            active: true,
            windowDays: 7,
            rules: [ScoringRule(eventType: "*", points: 1, conditions: [])],
            milestones: [],
            sequences: [],
            createdAt: time,
            updatedAt: time
        )
    }

    /// The window in milliseconds, if any.
    var windowMillis: Int64? {
        windowDays.map { Int64($0) * 86_400_000 }
    }

    /// Whether the ruleset scores an event of `unitID` (nil for a v1 event).
    func applies(to unitID: String?) -> Bool {
        active && (self.unitID == nil || self.unitID == unitID)
    }

    /// Whether a rule looks into an event's metadata.
    var readsMetadata: Bool {
        rules.contains { !$0.conditions.isEmpty }
    }

    /// The points `event` earns: the sum over the rules it matches.
    func points(for event: ScoredEvent) -> Int {
        rules.reduce(0) { $0 + ($1.matches(event) ? $1.points : 0) }
    }
}

/// A rule of a ruleset: events whose type matches `eventType` (an exact name,
/// `prefix.*` or `*`) and whose metadata holds every value of `conditions`
/// earn `points`, which may be negative.
struct ScoringRule: Sendable, Equatable {
    var eventType: String
    var points: Int
    var conditions: [MetadataCondition]

    func matches(_ event: ScoredEvent) -> Bool {
        EventTypeWhitelist.matches(eventType, event.eventType) && conditions.allSatisfy { $0.holds(in: event.metadata) }
    }
}

/// A milestone: recorded once per person, the first time an event takes the
/// score from below `threshold` to it or above.
struct Milestone: Sendable, Equatable {
    var name: String
    var threshold: Int
}

/// A sequence: recorded once per person, when events matching `steps` (each
/// an exact name, `prefix.*` or `*`) happen in that order, other events in
/// between, the last at most `withinSeconds` after the first.
struct EventSequence: Sendable, Equatable {
    var name: String
    var steps: [String]
    var withinSeconds: Int
}

extension [Ruleset] {
    /// Whether a ruleset that scores events of `unitID` (nil for v1 events) looks into their metadata.
    func readMetadata(ofEventsOf unitID: String?) -> Bool {
        contains { $0.applies(to: unitID) && $0.readsMetadata }
    }
}
