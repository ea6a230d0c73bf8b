import HTTPTypes

/// An event as written to the store.
struct StoredEvent: Sendable, Equatable {
    var id: String
    var organizationID: String
    var appID: String
    var app: String
    var source: String
    var workerID: String
    var eventType: String
    var category: String
    var timestamp: Int64
    var receivedAt: Int64
    var duration: Double?
    var metadata: String?
    var timestampCorrected: Bool
}

/// A snapshot as written to the store.
struct StoredSnapshot: Sendable, Equatable {
    var id: String
    var organizationID: String
    var appID: String
    var workerID: String
    var snapshotType: String
    var metrics: [Metric]
    var timestamp: Int64
    var receivedAt: Int64
    /// Orders the worker's current snapshots: the rank of the first snapshot of its type.
    var typeRank: Int64
    /// When a later snapshot of the same (worker, type) replaced it; nil while current.
    var replacedAt: Int64?
}

/// A complete response stored for an idempotency key.
struct IdempotencyRecord: Sendable, Equatable {
    var organizationID: String
    var route: String
    var key: String
    /// SHA-256 of the request body and query, hex.
    var requestHash: String
    var response: StoredResponse
    var createdAt: Int64

    /// The key's scope: organization, route and key.
    var scope: IdempotencyScope { IdempotencyScope(organizationID: organizationID, route: route, key: key) }
}

/// A response as replayed: status and body bytes.
struct StoredResponse: Sendable, Equatable {
    var status: HTTPResponse.Status
    var body: [UInt8]
}
