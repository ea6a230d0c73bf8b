/// One event to be POSTed to one endpoint: recorded in the transaction that
/// stores the event, then attempted until the endpoint answers 2xx or the
/// ``RetrySchedule`` is spent.
struct WebhookDelivery: Sendable, Equatable {
    enum Status: String, Sendable, CaseIterable {
        case pending, succeeded, failed
    }

    /// The store's order of deliveries; the wire id is `dlv_<sequence>`.
    var sequence: Int64
    var organizationID: String
    var endpointID: String
    var eventID: String
    var status: Status
    var attempts: Int
    /// The HTTP status of the last attempt; nil before one, or when it got no answer.
    var lastStatusCode: Int?
    /// When the next attempt is due; nil once succeeded or failed.
    var nextAttemptAt: Int64?
    var createdAt: Int64

    var id: String { "dlv_\(sequence)" }

    /// How long a delivery that succeeded or failed is listed before it is deleted.
    static let keptMillis: Int64 = 30 * 86_400_000

    /// The sequence in a `dlv_…` id.
    static func sequence(of id: String) -> Int64? {
        id.hasPrefix("dlv_") ? Int64(id.dropFirst(4)) : nil
    }
}

/// A delivery one instance leased, with what sending it needs.
struct ClaimedDelivery: Sendable {
    var delivery: WebhookDelivery
    var endpoint: WebhookEndpoint
    /// Nil when the event was erased or purged since.
    var event: TimelineEvent?
}

/// When a delivery whose attempt failed is attempted again: after about 5 s,
/// 5 min, 30 min, 2 h, 5 h, 10 h and 10 h, then it is marked failed.
enum RetrySchedule {
    static let delays: [Int64] = [5, 300, 1_800, 7_200, 18_000, 36_000, 36_000].map { $0 * 1000 }

    /// The time of the next attempt after attempt number `attempts` (from 1)
    /// failed at `now`; nil when that was the last.
    static func nextAttempt(after attempts: Int, failedAt now: Int64) -> Int64? {
        attempts <= delays.count ? now + delays[attempts - 1] : nil
    }
}
