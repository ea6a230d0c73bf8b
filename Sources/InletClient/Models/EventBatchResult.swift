/// The outcome of ``InletClient/ingestEvents(_:idempotencyKey:sentAt:)``: one
/// row per event, in the caller's order, however many requests it took.
public struct EventBatchResult: Sendable, Hashable {
    /// Rows stored, duplicates included.
    public var accepted: Int
    /// Rows refused.
    public var rejected: Int
    /// Rows that were already stored (an event id seen before).
    public var duplicates: Int
    /// One row per event, `index` counting the caller's events from 0.
    public var results: [Row]
    /// The `requestId` of each request, in order.
    public var requestIDs: [String]

    /// The outcome of one event.
    public struct Row: Codable, Sendable, Hashable {
        /// What became of the row.
        public enum Status: String, Codable, Sendable {
            case accepted, duplicate, rejected
        }

        /// The event's position in the caller's list.
        public var index: Int
        /// What became of the row.
        public var status: Status
        /// The stored event's id (the first one's for a duplicate).
        public var id: String?
        /// The person the event was resolved to.
        public var workerID: String?
        /// `matched` or `created`: how the actor was resolved.
        public var identity: String?
        /// Whether `sentAt` corrected the row's timestamp.
        public var timestampCorrected: Bool?
        /// Why a rejected row was refused.
        public var error: RowError?

        enum CodingKeys: String, CodingKey {
            case index, status, id, identity, timestampCorrected, error
            case workerID = "workerId"
        }
    }

    /// Why a row was refused: its code (`forbidden_event_type`, `invalid_event`,
    /// …) and a message.
    public struct RowError: Codable, Sendable, Hashable {
        /// The row error code.
        public var code: String
        /// What was wrong, in words.
        public var message: String
    }
}

/// One request's answer, as the server sends it.
struct EventBatchAnswer: Decodable {
    var results: [EventBatchResult.Row]
    var requestId: String
}
