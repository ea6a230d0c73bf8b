/// One event row that passed validation, ready to be resolved and stored.
public struct ValidatedEvent: Sendable, Equatable {
    /// The `evt_…` id the event gets if it is stored, assigned before the write
    /// so the writer does no more than store.
    var id: String
    var clientID: String?
    var eventType: String
    var category: String
    var actor: Actor
    /// Milliseconds since the epoch, after any `sentAt` correction.
    var timestamp: Int64
    var timestampCorrected: Bool
    var duration: Double?
    /// The metadata object serialized compactly in the client's member order.
    var metadata: String?
}

/// A row-level rejection: the code and a message for the client.
public struct RowError: Error, Sendable, Equatable {
    var code: ErrorCode
    var message: String

    init(_ code: ErrorCode, _ message: String) {
        self.code = code
        self.message = message
    }
}

/// A validated batch: the rows in index order, each valid or rejected.
public struct ValidatedBatch: Sendable {
    public var rows: [Result<ValidatedEvent, RowError>]
}
