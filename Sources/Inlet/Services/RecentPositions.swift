/// The live positions of the last `capacity` events a feed passed on, by
/// event id, so that a client resuming with `Last-Event-ID` is found without
/// reading the store.
struct RecentPositions {
    struct Entry {
        var organizationID: String
        var position: LivePosition
    }

    private let capacity: Int
    private var entries: [String: Entry] = [:]
    /// Ids in insertion order, a ring of `capacity`.
    private var order: [String] = []
    private var next = 0

    init(capacity: Int) {
        self.capacity = capacity
        order.reserveCapacity(capacity)
    }

    subscript(id: String) -> Entry? { entries[id] }

    mutating func insert(_ id: String, organizationID: String, position: LivePosition) {
        if order.count < capacity {
            order.append(id)
        } else {
            entries.removeValue(forKey: order[next])
            order[next] = id
            next = (next + 1) % capacity
        }
        entries[id] = Entry(organizationID: organizationID, position: position)
    }
}
