/// The JSON of a ruleset's rules, milestones and sequences, as the admin API
/// takes and answers them and as the stores keep them:
/// `[{"eventType", "points", "where"?: {"metadata.key": value}}]`,
/// `[{"name", "threshold"}]` and `[{"name", "steps": [pattern, …], "withinSeconds"}]`.
enum RulesetJSON {
    /// Most rules, milestones or sequences in one ruleset, and steps in one sequence.
    static let maximumCount = 100
    /// Largest magnitude of a rule's points or a milestone's threshold.
    static let maximumPoints = 1_000_000
    /// Longest sequence time limit: a year.
    static let maximumWithinSeconds = 31_536_000

    static func rules(_ value: JSONValue) throws(InletError) -> [ScoringRule] {
        try objects(value, name: "rules").map { (rule) throws(InletError) -> ScoringRule in
            let reader = try MemberReader(rule, name: "a rule", allowed: ["eventType", "points", "where"])
            guard let pattern = reader.string("eventType"), EventTypeWhitelist.isValidPattern(pattern) else {
                throw .invalidBody("A rule's 'eventType' must be an event type, a 'prefix.*' pattern or '*'.")
            }
            guard let points = reader.integer("points", magnitude: maximumPoints) else {
                throw .invalidBody("A rule's 'points' must be a whole number from -\(maximumPoints) to \(maximumPoints).")
            }
            return ScoringRule(eventType: pattern, points: points, conditions: try conditions(reader.value("where")))
        }
    }

    static func milestones(_ value: JSONValue) throws(InletError) -> [Milestone] {
        let milestones = try objects(value, name: "milestones").map { (milestone) throws(InletError) -> Milestone in
            let reader = try MemberReader(milestone, name: "a milestone", allowed: ["name", "threshold"])
            guard let name = reader.name(), let threshold = reader.integer("threshold", magnitude: maximumPoints) else {
                throw .invalidBody("A milestone needs a 'name' of 1-64 characters and a whole 'threshold' up to \(maximumPoints) in magnitude.")
            }
            return Milestone(name: name, threshold: threshold)
        }
        try requireDistinct(milestones.map(\.name), of: "milestone")
        return milestones
    }

    static func sequences(_ value: JSONValue) throws(InletError) -> [EventSequence] {
        let sequences = try objects(value, name: "sequences").map { (sequence) throws(InletError) -> EventSequence in
            let reader = try MemberReader(sequence, name: "a sequence", allowed: ["name", "steps", "withinSeconds"])
            guard let name = reader.name(), case .array(let steps)? = reader.value("steps"), (1...maximumCount).contains(steps.count),
                let within = reader.integer("withinSeconds", magnitude: maximumWithinSeconds), within >= 1
            else {
                throw .invalidBody(
                    "A sequence needs a 'name' of 1-64 characters, 1-\(maximumCount) 'steps' and 'withinSeconds' from 1 to \(maximumWithinSeconds)."
                )
            }
            let patterns = steps.compactMap(\.stringValue).filter(EventTypeWhitelist.isValidPattern)
            guard patterns.count == steps.count else {
                throw .invalidBody("Each step of a sequence must be an event type, a 'prefix.*' pattern or '*'.")
            }
            return EventSequence(name: name, steps: patterns, withinSeconds: within)
        }
        try requireDistinct(sequences.map(\.name), of: "sequence")
        return sequences
    }

    static func json(_ rules: [ScoringRule]) -> JSONValue {
        .array(
            rules.map { rule in
                .members([
                    ("eventType", .string(rule.eventType)), ("points", .int(rule.points)),
                    ("where", rule.conditions.isEmpty ? nil : .object(rule.conditions.map { ($0.key, $0.value) })),
                ])
            }
        )
    }

    static func json(_ milestones: [Milestone]) -> JSONValue {
        .array(milestones.map { .object([("name", .string($0.name)), ("threshold", .int($0.threshold))]) })
    }

    static func json(_ sequences: [EventSequence]) -> JSONValue {
        .array(
            sequences.map { sequence in
                .object([
                    ("name", .string(sequence.name)), ("steps", .array(sequence.steps.map(JSONValue.string))),
                    ("withinSeconds", .int(sequence.withinSeconds)),
                ])
            }
        )
    }

    /// The rules, milestones and sequences as the stores keep them: JSON text.
    static func texts(of ruleset: Ruleset) -> (rules: String, milestones: String, sequences: String) {
        (JSONWriter.string(json(ruleset.rules)), JSONWriter.string(json(ruleset.milestones)), JSONWriter.string(json(ruleset.sequences)))
    }

    private static func objects(_ value: JSONValue, name: String) throws(InletError) -> [JSONValue] {
        guard case .array(let items) = value, items.count <= maximumCount else {
            throw .invalidBody("'\(name)' must be an array of at most \(maximumCount) objects.")
        }
        return items
    }

    private static func conditions(_ value: JSONValue?) throws(InletError) -> [MetadataCondition] {
        guard let value, value != .null else { return [] }
        guard case .object(let members) = value, members.count <= maximumCount else {
            throw .invalidBody("A rule's 'where' must be an object of at most \(maximumCount) conditions.")
        }
        return try members.map { (key, value) throws(InletError) -> MetadataCondition in
            switch value {
            case .array, .object: throw .invalidBody("A 'where' condition must compare with a string, number, boolean or null.")
            default: break
            }
            guard TextField.isValid(key, maximumLength: 256), let condition = MetadataCondition(key: key, value: value) else {
                throw .invalidBody("A 'where' key must be 'metadata.' followed by a dotted path, at most 256 characters.")
            }
            return condition
        }
    }

    private static func requireDistinct(_ names: [String], of kind: String) throws(InletError) {
        guard Set(names).count == names.count else { throw .invalidBody("Two \(kind)s of a ruleset have the same name.") }
    }

    /// The members of one object of the lists above.
    private struct MemberReader {
        let members: [(String, JSONValue)]

        init(_ value: JSONValue, name: String, allowed: Set<String>) throws(InletError) {
            guard case .object(let members) = value else { throw .invalidBody("Each of \(name)s must be an object.") }
            if let unknown = members.first(where: { !allowed.contains($0.0) }) {
                throw .invalidBody("Unknown field '\(unknown.0.prefix(64))' in \(name).")
            }
            self.members = members
        }

        func value(_ name: String) -> JSONValue? {
            members.last { $0.0 == name }?.1
        }

        func string(_ name: String) -> String? {
            value(name)?.stringValue
        }

        func name() -> String? {
            string("name").flatMap { TextField.isValid($0, maximumLength: 64) ? $0 : nil }
        }

        /// A whole number (`10`, `10.0`) of at most `magnitude`.
        func integer(_ name: String, magnitude: Int) -> Int? {
            guard let number = value(name)?.doubleValue, number == number.rounded(), abs(number) <= Double(magnitude) else { return nil }
            return Int(number)
        }
    }
}
