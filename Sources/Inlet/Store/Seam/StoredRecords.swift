/// An event as written to the store.
public struct StoredEvent: Sendable, Equatable {
    public var id: String
    public var organizationID: String
    public var appID: String
    public var app: String
    public var source: String
    public var workerID: String
    public var eventType: String
    public var category: String
    public var timestamp: Int64
    public var receivedAt: Int64
    public var duration: Double?
    public var metadata: String?
    public var timestampCorrected: Bool

    public init(
        id: String, organizationID: String, appID: String, app: String, source: String, workerID: String,
        eventType: String, category: String, timestamp: Int64, receivedAt: Int64, duration: Double?,
        metadata: String?, timestampCorrected: Bool
    ) {
        self.id = id
        self.organizationID = organizationID
        self.appID = appID
        self.app = app
        self.source = source
        self.workerID = workerID
        self.eventType = eventType
        self.category = category
        self.timestamp = timestamp
        self.receivedAt = receivedAt
        self.duration = duration
        self.metadata = metadata
        self.timestampCorrected = timestampCorrected
    }
}

/// A snapshot as written to the store.
public struct StoredSnapshot: Sendable, Equatable {
    public var id: String
    public var organizationID: String
    public var appID: String
    public var workerID: String
    public var snapshotType: String
    public var metrics: [Metric]
    public var timestamp: Int64
    public var receivedAt: Int64
    /// Orders the worker's current snapshots: the rank of the first snapshot of its type.
    public var typeRank: Int64
    /// When a later snapshot of the same (worker, type) replaced it; nil while current.
    public var replacedAt: Int64?

    public init(
        id: String, organizationID: String, appID: String, workerID: String, snapshotType: String, metrics: [Metric],
        timestamp: Int64, receivedAt: Int64, typeRank: Int64, replacedAt: Int64? = nil
    ) {
        self.id = id
        self.organizationID = organizationID
        self.appID = appID
        self.workerID = workerID
        self.snapshotType = snapshotType
        self.metrics = metrics
        self.timestamp = timestamp
        self.receivedAt = receivedAt
        self.typeRank = typeRank
        self.replacedAt = replacedAt
    }
}

/// A complete response stored for an idempotency key.
public struct IdempotencyRecord: Sendable, Equatable {
    public var organizationID: String
    public var route: String
    public var key: String
    /// SHA-256 of the request body and query, hex.
    public var requestHash: String
    public var response: StoredResponse
    public var createdAt: Int64

    /// The key's scope: organization, route and key.
    public var scope: IdempotencyScope { IdempotencyScope(organizationID: organizationID, route: route, key: key) }

    public init(organizationID: String, route: String, key: String, requestHash: String, response: StoredResponse, createdAt: Int64) {
        self.organizationID = organizationID
        self.route = route
        self.key = key
        self.requestHash = requestHash
        self.response = response
        self.createdAt = createdAt
    }
}

/// A response as replayed: status and body bytes.
public struct StoredResponse: Sendable, Equatable {
    public var status: Int
    public var body: [UInt8]

    public init(status: Int, body: [UInt8]) {
        self.status = status
        self.body = body
    }
}
