/// A worker id within its organization.
struct WorkerKey: Sendable, Hashable {
    var organizationID: String
    var workerID: String
}

/// A person identifier within its organization.
struct IdentifierKey: Sendable, Hashable {
    var organizationID: String
    var identifier: WorkerIdentifier
}

/// A client event id within its app.
struct ClientEventKey: Sendable, Hashable {
    var organizationID: String
    var appID: String
    var clientID: String
}

/// The event (and its worker) that first carried a client event id.
struct ClientEvent: Sendable, Hashable {
    var eventID: String
    var workerID: String
}

/// An organization's calendar month (`YYYY-MM`, UTC), the period of the monthly cap.
struct UsageKey: Sendable, Hashable, Comparable {
    var organizationID: String
    var month: String

    static func < (lhs: UsageKey, rhs: UsageKey) -> Bool {
        (lhs.organizationID, lhs.month) < (rhs.organizationID, rhs.month)
    }
}

/// The scope of an `Idempotency-Key`: organization, route and key.
struct IdempotencyScope: Sendable, Hashable {
    var organizationID: String
    var route: String
    var key: String
}

/// A worker's current snapshot of one type.
struct SnapshotSlot: Sendable, Hashable {
    var organizationID: String
    var workerID: String
    var snapshotType: String
}

/// The current snapshots of one type of any worker an actor may resolve to: the
/// worker with `workerID`, or a worker holding one of `identifiers`.
struct SnapshotLookup: Sendable, Hashable {
    var organizationID: String
    var snapshotType: String
    var workerID: String?
    var identifiers: [WorkerIdentifier]
}

/// A stream item: its organization, stream and id.
struct StreamItemKey: Sendable, Hashable, Comparable {
    let organizationID: String
    let streamID: String
    let itemID: String
    /// Hashed once, where the key is made (a request's own task): a group
    /// commit looks each of its items up several times, on one thread. A
    /// stream belongs to one organization, so its id and the item's tell
    /// keys apart.
    private let hash: Int

    init(organizationID: String, streamID: String, itemID: String) {
        self.organizationID = organizationID
        self.streamID = streamID
        self.itemID = itemID
        var hasher = Hasher()
        hasher.combine(streamID)
        hasher.combine(itemID)
        hash = hasher.finalize()
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(hash)
    }

    static func < (a: StreamItemKey, b: StreamItemKey) -> Bool {
        (a.organizationID, a.streamID, a.itemID) < (b.organizationID, b.streamID, b.itemID)
    }
}

/// The write of one stream item in a group: the fields to merge over what is
/// stored, and when. A store with one writer, whose facts cannot go stale,
/// may write `merged` whole instead; one shared with other writers merges
/// `fields` in the database.
struct StreamItemWrite: Sendable, Equatable {
    var key: StreamItemKey
    /// The fields that change.
    var fields: [ItemField]
    /// All the item's fields after the write, as the group's facts have them.
    var merged: [ItemField]
    /// Whether the facts had no such item.
    var isNew: Bool
    var at: Int64

    /// Takes `changed`, fields the item does not hold yet, into this write.
    mutating func merge(_ changed: [ItemField], at time: Int64) {
        ItemField.merge(changed, into: &fields)
        ItemField.merge(changed, into: &merged)
        at = time
    }
}

/// Rows an organization's routes answered in one minute with one outcome:
/// `accepted`, or the error code they were rejected with.
struct ActivityKey: Sendable, Hashable, Comparable {
    var organizationID: String
    /// Milliseconds since the epoch at the minute's start.
    var minute: Int64
    var code: String

    /// The minute's slot in the hour: stores keep one row per slot and code,
    /// replaced when a newer minute takes the slot.
    var slot: Int { Int(minute / 60_000 % 60) }

    static func < (lhs: ActivityKey, rhs: ActivityKey) -> Bool {
        (lhs.organizationID, lhs.slot, lhs.code) < (rhs.organizationID, rhs.slot, rhs.code)
    }
}
