import Foundation

/// A person (`GET /api/v1/workers/{id}`): identifiers, scores, the strip of
/// current gauges and, read alone, the snapshots.
public struct Worker: Decodable, Sendable, Hashable {
    /// The person's id (`wrk_…`).
    public var id: String
    /// The identifiers the person is known by.
    public var identifiers: [Identifier]
    /// The score of the built-in `activity` ruleset.
    public var activityScore: Double
    /// Scores by ruleset.
    public var scores: [String: Double]
    /// Per app, the first four metrics of its current snapshots.
    public var strip: [StripEntry]
    /// When the person was first seen.
    public var createdAt: Date
    /// Current and replaced snapshots: only when the worker is read alone.
    public var snapshots: Snapshots?

    /// An identifier the person is known by.
    public struct Identifier: Decodable, Sendable, Hashable {
        /// `externalId`, `email`, …
        public var kind: String
        /// The identifier itself.
        public var value: String
        /// The app it belongs to, for app-scoped kinds (`externalId`).
        public var app: String?
    }

    /// One app's first metrics on the person's strip.
    public struct StripEntry: Decodable, Sendable, Hashable {
        /// The app that sent it.
        public var app: String
        /// Its metrics, in the order they were sent.
        public var metrics: [Metric]
    }

    /// A metric as stored.
    public struct Metric: Decodable, Sendable, Hashable {
        /// The metric's name.
        public var name: String
        /// A number or a string.
        public var value: JSONValue
        /// The metric's unit, when given.
        public var unit: String?
        /// The metric's label, when given.
        public var label: String?
    }

    /// The person's snapshots.
    public struct Snapshots: Decodable, Sendable, Hashable {
        /// The current snapshot of each type.
        public var current: [StoredSnapshot]
        /// Snapshots since replaced.
        public var history: [StoredSnapshot]
    }

    /// A stored snapshot.
    public struct StoredSnapshot: Decodable, Sendable, Hashable {
        /// The snapshot's id (`snp_…`).
        public var id: String
        /// The app that sent it.
        public var app: String
        /// The snapshot's type.
        public var snapshotType: String
        /// Its metrics, in the order they were sent.
        public var metrics: [Metric]
        /// When it was taken.
        public var timestamp: Date
        /// When a newer snapshot of the same type replaced it.
        public var replacedAt: Date?
    }
}
