/// What became of one item of a webhook payload.
struct ItemOutcome: Sendable, Equatable {
    enum Result: String, Sendable {
        case created, updated, unchanged
    }

    var index: Int
    var id: String
    var result: Result
}

/// What became of a webhook payload: the items stored and the items refused,
/// each with its index in the payload.
struct StreamItemsOutcome: Sendable {
    var items: [ItemOutcome] = []
    var rejections: [(index: Int, error: RowError)] = []
}

/// Upserts a webhook payload's items into their stream: an item not stored yet
/// is created; a stored one takes the fields sent over its own, and is left as
/// it was (its `updatedAt` too) when every field sent already holds that value
/// (`1.0` holds where `1` is stored). Only the fields that change are written.
struct StreamItemWork: IngestWork {
    let stream: DataStream
    /// Each item of the payload in order, with its key, or why it is refused.
    /// The keys are made (and hashed) here, in the request's own task, rather
    /// than in the group commit.
    private let items: [Result<(key: StreamItemKey, item: StreamItem), RowError>]
    let receivedAt: Int64

    /// - Parameter items: each item of the payload in order, flattened and identified, or refused.
    init(stream: DataStream, items: [Result<StreamItem, RowError>], receivedAt: Int64) {
        self.stream = stream
        self.items = items.map { item in
            item.map { (StreamItemKey(organizationID: stream.organizationID, streamID: stream.id, itemID: $0.id), $0) }
        }
        self.receivedAt = receivedAt
    }

    var rows: Int { items.count }

    func collect(into lookup: inout IngestLookup) {
        for case .success(let item) in items { lookup.streamItems.insert(item.key) }
    }

    func plan(in plan: inout IngestPlan) -> StreamItemsOutcome {
        var outcome = StreamItemsOutcome()
        for (index, item) in items.enumerated() {
            switch item {
            case .failure(let error):
                outcome.rejections.append((index, error))
                plan.countActivity(1, error.code.rawValue, organizationID: stream.organizationID, at: receivedAt)
            case .success(let (key, item)):
                let result = plan.upsertStreamItem(key, fields: item.fields, at: receivedAt)
                outcome.items.append(ItemOutcome(index: index, id: item.id, result: result))
            }
        }
        plan.countActivity(outcome.items.count, "accepted", organizationID: stream.organizationID, at: receivedAt)
        return outcome
    }
}
