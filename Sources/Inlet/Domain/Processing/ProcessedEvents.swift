/// What one transaction of the lead processor took, as `/metrics` counts it.
public struct ProcessedEvents: Sendable, Equatable {
    /// Events taken: resolved and scored, or dead-lettered.
    public var events = 0
    /// The reason code of each dead letter stored.
    public var deadLetterReasons: [String] = []

    public init() {}

    /// Adds what a step decided.
    public mutating func add(_ writes: LeadWrites) {
        events += writes.processed
        deadLetterReasons += writes.deadLetters.map(\.reason.code)
    }
}
