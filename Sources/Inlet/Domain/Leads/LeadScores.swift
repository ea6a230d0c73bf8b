/// A person's scores as of a moment: under each ruleset that scored them (the
/// built-in one always), the points of the events within its window before
/// that moment.
struct LeadScores: Sendable {
    /// Ruleset name and score, in the order of the organization's rulesets.
    var scores: [(name: String, score: Int)]

    init(_ worker: WorkerRecord, rulesets: [Ruleset], at now: Int64) {
        scores = rulesets.compactMap { ruleset in
            guard let progress = worker.progress[ruleset.id] else {
                return ruleset.id == Ruleset.activityID ? (ruleset.name, 0) : nil
            }
            return (ruleset.name, progress.score(at: now, window: ruleset.windowMillis))
        }
    }

    /// The score under the built-in ruleset: the worker's activity score.
    var activity: Int {
        scores.first { $0.name == Ruleset.activityName }?.score ?? 0
    }

    /// The scores as a JSON object, by ruleset name.
    var json: JSONValue {
        .object(scores.map { ($0.name, .int($0.score)) })
    }
}
