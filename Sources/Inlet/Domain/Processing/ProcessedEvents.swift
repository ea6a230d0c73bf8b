/// What one transaction of the lead processor took, as `/metrics` counts it.
struct ProcessedEvents: Sendable, Equatable {
    /// Events taken: resolved and scored, or dead-lettered.
    var events = 0
    /// The reason code of each dead letter stored.
    var deadLetterReasons: [String] = []

    init() {}

    /// Adds what a step decided.
    mutating func add(_ writes: LeadWrites) {
        events += writes.processed
        deadLetterReasons += writes.deadLetters.map(\.reason.code)
    }
}
