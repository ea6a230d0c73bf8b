import Foundation

/// A person (`GET /api/v1/workers/{id}`): identifiers, scores, the strip of
/// current gauges and, read alone, the snapshots.
public struct Worker: Decodable, Sendable, Hashable {
    public var id: String
    public var identifiers: [Identifier]
    public var activityScore: Double
    /// Scores by ruleset.
    public var scores: [String: Double]
    public var strip: [StripEntry]
    public var createdAt: Date
    /// Current and replaced snapshots: only when the worker is read alone.
    public var snapshots: Snapshots?

    /// An identifier the person is known by.
    public struct Identifier: Decodable, Sendable, Hashable {
        /// `externalId`, `email`, …
        public var kind: String
        public var value: String
        public var app: String?
    }

    /// One app's first metrics on the person's strip.
    public struct StripEntry: Decodable, Sendable, Hashable {
        public var app: String
        public var metrics: [Metric]
    }

    /// A metric as stored.
    public struct Metric: Decodable, Sendable, Hashable {
        public var name: String
        public var value: JSONValue
        public var unit: String?
        public var label: String?
    }

    /// The person's snapshots.
    public struct Snapshots: Decodable, Sendable, Hashable {
        public var current: [StoredSnapshot]
        public var history: [StoredSnapshot]
    }

    /// A stored snapshot.
    public struct StoredSnapshot: Decodable, Sendable, Hashable {
        public var id: String
        public var app: String
        public var snapshotType: String
        public var metrics: [Metric]
        public var timestamp: Date
        public var replacedAt: Date?
    }
}
