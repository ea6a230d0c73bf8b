/// What one person has under one ruleset, as far as scoring their next event
/// needs it: the points earned that still count, the milestones reached and
/// the sequences in progress or completed. Events are scored one at a time,
/// in timestamp order; a score is taken as of the scored event's timestamp.
struct ScoreProgress: Sendable, Equatable {
    /// Points by time, oldest first: those inside the window of the latest
    /// event scored, or, for a ruleset without a window, their sum as one
    /// entry. A window keeps its points in steps of a thousandth of its
    /// length (about 10 minutes for 7 days), each at the start of its step,
    /// so that a person's progress stays small however many events they
    /// have: an event stops counting up to one step before a full window
    /// has passed since it.
    private(set) var entries: [Entry] = []
    private(set) var reachedMilestones: Set<String> = []
    private(set) var completedSequences: Set<String> = []
    /// Per sequence, for each step, the latest start of a match of the steps
    /// up to it (milliseconds), if there is one.
    private(set) var sequenceStarts: [String: [Int64?]] = [:]

    struct Entry: Sendable, Equatable {
        var timestamp: Int64
        var points: Int
    }

    /// The steps a window's points are kept in.
    static let windowSteps: Int64 = 1000

    init() {}

    /// The score as of `time`: the points of events at most `window`
    /// milliseconds older than `time` (all of them without a window), and not
    /// newer.
    func score(at time: Int64, window: Int64?) -> Int {
        guard let window else { return entries.reduce(0) { $0 + $1.points } }
        return entries.reduce(0) { $0 + ($1.timestamp >= time - window && $1.timestamp <= time ? $1.points : 0) }
    }

    /// Scores `event`: adds its points, and returns the milestones it reaches
    /// and the sequences it completes, each for the first and only time.
    mutating func score(_ event: ScoredEvent, under ruleset: Ruleset) -> ScoringStep {
        let window = ruleset.windowMillis
        let before = score(at: event.timestamp, window: window)
        let points = ruleset.points(for: event)
        add(points, at: event.timestamp, window: window)
        let after = before + points
        let milestones = ruleset.milestones.filter { milestone in
            before < milestone.threshold && after >= milestone.threshold && reachedMilestones.insert(milestone.name).inserted
        }
        let sequences = ruleset.sequences.filter { advance($0, with: event) && completedSequences.insert($0.name).inserted }
        return ScoringStep(points: points, score: after, milestones: milestones, sequences: sequences)
    }

    private mutating func add(_ points: Int, at time: Int64, window: Int64?) {
        guard let window else {
            entries = [Entry(timestamp: 0, points: score(at: time, window: nil) + points)]
            return
        }
        entries.removeAll { $0.timestamp < time - window }
        guard points != 0 else { return }
        let step = max(1, window / Self.windowSteps)
        let time = time - (time % step + step) % step
        let index = entries.firstIndex { $0.timestamp > time } ?? entries.endIndex
        if index > entries.startIndex && entries[index - 1].timestamp == time {
            entries[index - 1].points += points
        } else {
            entries.insert(Entry(timestamp: time, points: points), at: index)
        }
    }

    /// Moves `sequence` on with `event`; whether all its steps now match in
    /// order within its time limit. Steps are tried last first, so that one
    /// event never counts as two steps.
    private mutating func advance(_ sequence: EventSequence, with event: ScoredEvent) -> Bool {
        guard !sequence.steps.isEmpty, !completedSequences.contains(sequence.name) else { return false }
        var starts = sequenceStarts[sequence.name] ?? Array(repeating: nil, count: sequence.steps.count)
        let limit = Int64(sequence.withinSeconds) * 1000
        for step in sequence.steps.indices.reversed() where EventTypeWhitelist.matches(sequence.steps[step], event.eventType) {
            if step == 0 {
                starts[0] = event.timestamp
            } else if let start = starts[step - 1], event.timestamp - start <= limit {
                starts[step] = max(starts[step] ?? start, start)
            }
        }
        let completed = starts[starts.count - 1] != nil
        sequenceStarts[sequence.name] = completed ? nil : starts
        return completed
    }
}

/// What scoring one event under one ruleset decided.
struct ScoringStep: Sendable, Equatable {
    /// The points the event earned.
    var points: Int
    /// The score as of the event, the event included.
    var score: Int
    /// Milestones reached for the first time.
    var milestones: [Milestone]
    /// Sequences completed for the first time.
    var sequences: [EventSequence]
}

extension ScoreProgress {
    /// The stored form: a compact JSON object,
    /// `{"e": [[timestamp, points], …], "m": [milestone, …], "c": [sequence, …], "s": {sequence: [start | null, …]}}`.
    var stored: String {
        JSONWriter.string(
            .object([
                ("e", .array(entries.map { .array([.int($0.timestamp), .int($0.points)]) })),
                ("m", .array(reachedMilestones.sorted().map(JSONValue.string))),
                ("c", .array(completedSequences.sorted().map(JSONValue.string))),
                ("s", .object(sequenceStarts.sorted { $0.key < $1.key }.map { ($0.key, .array($0.value.map { $0.map(JSONValue.int) ?? .null })) })),
            ])
        )
    }

    /// Reads the stored form; throws ``StoreError/corrupt`` for anything else.
    init(stored: String) throws {
        let corrupt = StoreError.corrupt("score progress")
        guard let json = try? JSONParser.parse(Array(stored.utf8)), let entries = json["e"]?.arrayValue,
            let milestones = json["m"]?.arrayValue, let sequences = json["c"]?.arrayValue, case .object(let starts)? = json["s"]
        else { throw corrupt }
        func integer(_ value: JSONValue) throws -> Int64 {
            guard case .number(let text) = value, let number = Int64(text) else { throw corrupt }
            return number
        }
        func text(_ value: JSONValue) throws -> String {
            guard let text = value.stringValue else { throw corrupt }
            return text
        }
        self.entries = try entries.map { entry in
            guard let pair = entry.arrayValue, pair.count == 2 else { throw corrupt }
            return Entry(timestamp: try integer(pair[0]), points: Int(try integer(pair[1])))
        }
        reachedMilestones = Set(try milestones.map(text))
        completedSequences = Set(try sequences.map(text))
        sequenceStarts = try Dictionary(
            uniqueKeysWithValues: starts.map { name, value in
                guard let steps = value.arrayValue else { throw corrupt }
                return (name, try steps.map { $0 == .null ? nil : try integer($0) })
            }
        )
    }
}
