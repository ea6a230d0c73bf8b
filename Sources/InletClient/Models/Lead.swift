import Foundation

/// A lead (`GET /leads/{id}`): a person known by aliases, scored by rulesets.
public struct Lead: Decodable, Sendable, Hashable {
    public var id: String
    public var unit: String?
    public var aliases: [Alias]
    /// Scores by ruleset.
    public var scores: [String: Double]
    public var milestones: [Milestone]

    /// An alias of the lead.
    public struct Alias: Decodable, Sendable, Hashable {
        public var kind: String
        public var value: String
    }

    /// A milestone the lead reached.
    public struct Milestone: Decodable, Sendable, Hashable {
        public var name: String
        public var ruleset: String
        public var reachedAt: Date
    }
}
