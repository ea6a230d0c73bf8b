/// The writes of one request, run inside the group commit's transaction. Every
/// method runs synchronously on the writer; a thrown error rolls back only the
/// request's own savepoint.
public protocol IngestTransaction {
    /// Whether `workerID` is a worker of the organization.
    func workerExists(_ workerID: String, organizationID: String) throws -> Bool
    /// The worker an identifier belongs to, if any.
    func worker(with identifier: WorkerIdentifier, organizationID: String) throws -> String?
    /// Creates a worker linked to the app that first saw it.
    func createWorker(id: String, organizationID: String, appID: String, createdAt: Int64) throws
    /// Attaches an identifier to a worker unless it already belongs to someone.
    func attach(_ identifier: WorkerIdentifier, to workerID: String, organizationID: String) throws
    /// The event (and its worker) that already carries a client event id in an app.
    func clientEvent(_ clientID: String, appID: String) throws -> (eventID: String, workerID: String)?
    /// Records that a client event id of an app is carried by an event.
    func recordClientEvent(_ clientID: String, appID: String, eventID: String, workerID: String) throws
    /// Appends an event.
    func insert(_ event: StoredEvent) throws
    /// Stored events of an organization in a month (`YYYY-MM`).
    func eventCount(organizationID: String, month: String) throws -> Int
    /// Adds to the stored-event count of an organization's month.
    func addEventCount(_ count: Int, organizationID: String, month: String) throws
    /// Stores a snapshot as the current one for its (worker, type), marking the
    /// previous current one replaced; returns whether one was replaced.
    func replaceSnapshot(_ snapshot: StoredSnapshot) throws -> Bool
    /// Records a complete response for an idempotency key, replacing a record of
    /// the key created before `expiredBefore`; throws ``IdempotencyConflict``
    /// when an unexpired record of the key exists.
    func saveResponse(_ record: IdempotencyRecord, replacingRecordsBefore expiredBefore: Int64) throws
}

/// The key was recorded by another request in the meantime.
public struct IdempotencyConflict: Error {
    public init() {}
}

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
