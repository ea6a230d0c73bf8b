import Foundation

/// A lead (`GET /leads/{id}`): a person known by aliases, scored by rulesets.
public struct Lead: Decodable, Sendable, Hashable {
    /// The lead's id: a worker id (`wrk_…`).
    public var id: String
    /// The org unit the lead belongs to.
    public var unit: String?
    /// The aliases the lead is known by.
    public var aliases: [Alias]
    /// Scores by ruleset.
    public var scores: [String: Double]
    /// The milestones the lead reached, once each.
    public var milestones: [Milestone]

    /// An alias of the lead.
    public struct Alias: Decodable, Sendable, Hashable {
        /// `email`, `external_id`, `phone`, `cookie` or `social`.
        public var kind: String
        /// The alias itself.
        public var value: String
    }

    /// A milestone the lead reached.
    public struct Milestone: Decodable, Sendable, Hashable {
        /// The milestone's name.
        public var name: String
        /// The ruleset whose score crossed it.
        public var ruleset: String
        /// When the score crossed it.
        public var reachedAt: Date
    }
}
