/// A worker id within its organization.
public struct WorkerKey: Sendable, Hashable {
    public var organizationID: String
    public var workerID: String

    public init(organizationID: String, workerID: String) {
        self.organizationID = organizationID
        self.workerID = workerID
    }
}

/// A person identifier within its organization.
public struct IdentifierKey: Sendable, Hashable {
    public var organizationID: String
    public var identifier: WorkerIdentifier

    public init(organizationID: String, identifier: WorkerIdentifier) {
        self.organizationID = organizationID
        self.identifier = identifier
    }
}

/// A client event id within its app.
public struct ClientEventKey: Sendable, Hashable {
    public var organizationID: String
    public var appID: String
    public var clientID: String

    public init(organizationID: String, appID: String, clientID: String) {
        self.organizationID = organizationID
        self.appID = appID
        self.clientID = clientID
    }
}

/// The event (and its worker) that first carried a client event id.
public struct ClientEvent: Sendable, Hashable {
    public var eventID: String
    public var workerID: String

    public init(eventID: String, workerID: String) {
        self.eventID = eventID
        self.workerID = workerID
    }
}

/// An organization's calendar month (`YYYY-MM`, UTC), the period of the monthly cap.
public struct UsageKey: Sendable, Hashable, Comparable {
    public var organizationID: String
    public var month: String

    public init(organizationID: String, month: String) {
        self.organizationID = organizationID
        self.month = month
    }

    public static func < (lhs: UsageKey, rhs: UsageKey) -> Bool {
        (lhs.organizationID, lhs.month) < (rhs.organizationID, rhs.month)
    }
}

/// The scope of an `Idempotency-Key`: organization, route and key.
public struct IdempotencyScope: Sendable, Hashable {
    public var organizationID: String
    public var route: String
    public var key: String

    public init(organizationID: String, route: String, key: String) {
        self.organizationID = organizationID
        self.route = route
        self.key = key
    }
}

/// A worker's current snapshot of one type.
public struct SnapshotSlot: Sendable, Hashable {
    public var organizationID: String
    public var workerID: String
    public var snapshotType: String

    public init(organizationID: String, workerID: String, snapshotType: String) {
        self.organizationID = organizationID
        self.workerID = workerID
        self.snapshotType = snapshotType
    }
}

/// The current snapshots of one type of any worker an actor may resolve to: the
/// worker with `workerID`, or a worker holding one of `identifiers`.
public struct SnapshotLookup: Sendable, Hashable {
    public var organizationID: String
    public var snapshotType: String
    public var workerID: String?
    public var identifiers: [WorkerIdentifier]

    public init(organizationID: String, snapshotType: String, workerID: String?, identifiers: [WorkerIdentifier]) {
        self.organizationID = organizationID
        self.snapshotType = snapshotType
        self.workerID = workerID
        self.identifiers = identifiers
    }
}

/// A stream item: its organization, stream and id.
public struct StreamItemKey: Sendable, Hashable, Comparable {
    public let organizationID: String
    public let streamID: String
    public let itemID: String
    /// Hashed once, where the key is made (a request's own task): a group
    /// commit looks each of its items up several times, on one thread. A
    /// stream belongs to one organization, so its id and the item's tell
    /// keys apart.
    private let hash: Int

    public init(organizationID: String, streamID: String, itemID: String) {
        self.organizationID = organizationID
        self.streamID = streamID
        self.itemID = itemID
        var hasher = Hasher()
        hasher.combine(streamID)
        hasher.combine(itemID)
        hash = hasher.finalize()
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(hash)
    }

    public static func < (a: StreamItemKey, b: StreamItemKey) -> Bool {
        (a.organizationID, a.streamID, a.itemID) < (b.organizationID, b.streamID, b.itemID)
    }
}

/// The write of one stream item in a group: the fields to merge over what is
/// stored, and when. A store with one writer, whose facts cannot go stale,
/// may write `merged` whole instead; one shared with other writers merges
/// `fields` in the database.
public struct StreamItemWrite: Sendable, Equatable {
    public var key: StreamItemKey
    /// The fields that change.
    public var fields: [ItemField]
    /// All the item's fields after the write, as the group's facts have them.
    public var merged: [ItemField]
    /// Whether the facts had no such item.
    public var isNew: Bool
    public var at: Int64

    public init(key: StreamItemKey, fields: [ItemField], merged: [ItemField], isNew: Bool, at: Int64) {
        self.key = key
        self.fields = fields
        self.merged = merged
        self.isNew = isNew
        self.at = at
    }

    /// Takes `changed`, fields the item does not hold yet, into this write.
    mutating func merge(_ changed: [ItemField], at time: Int64) {
        ItemField.merge(changed, into: &fields)
        ItemField.merge(changed, into: &merged)
        at = time
    }
}

/// Rows an organization's routes answered in one minute with one outcome:
/// `accepted`, or the error code they were rejected with.
public struct ActivityKey: Sendable, Hashable, Comparable {
    public var organizationID: String
    /// Milliseconds since the epoch at the minute's start.
    public var minute: Int64
    public var code: String

    public init(organizationID: String, minute: Int64, code: String) {
        self.organizationID = organizationID
        self.minute = minute
        self.code = code
    }

    /// The minute's slot in the hour: stores keep one row per slot and code,
    /// replaced when a newer minute takes the slot.
    public var slot: Int { Int(minute / 60_000 % 60) }

    public static func < (lhs: ActivityKey, rhs: ActivityKey) -> Bool {
        (lhs.organizationID, lhs.slot, lhs.code) < (rhs.organizationID, rhs.slot, rhs.code)
    }
}
