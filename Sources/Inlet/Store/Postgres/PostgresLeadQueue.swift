import PostgresNIO

/// The columns a queued event and a dead letter share on PostgreSQL, and their mapping.
enum PostgresLeadQueue {
    static let columns = """
        organization_id, route, app_id, app, unit_id, event_id, subject_kind, subject, event_type, timestamp, metadata, received_at
        """

    /// Inserts `events` into the queue, each in its organization's partition.
    /// Absent values travel as empty text, which no stored value is.
    static func insert(_ events: [QueuedLeadEvent]) -> PostgresStatement.Write {
        { s in
            """
            INSERT INTO lead_queue (partition, \(columns), dead_letter_id)
            SELECT inlet_lead_partition(o), o, r, a, ap, NULLIF(u, ''), e, sk, sv, et, t, NULLIF(m, ''), rc, NULLIF(d, '')
            FROM unnest(\(s.bind(events.map(\.organizationID)))::text[], \(s.bind(events.map(\.route.rawValue)))::text[],
                \(s.bind(events.map(\.appID)))::text[], \(s.bind(events.map(\.app)))::text[], \(s.bind(events.map { $0.unitID ?? "" }))::text[],
                \(s.bind(events.map(\.event.id)))::text[], \(s.bind(events.map(\.event.subject.stored.kind)))::text[],
                \(s.bind(events.map(\.event.subject.stored.value)))::text[], \(s.bind(events.map(\.event.eventType)))::text[],
                \(s.bind(events.map(\.event.timestamp)))::int8[], \(s.bind(events.map { $0.event.metadata ?? "" }))::text[],
                \(s.bind(events.map(\.receivedAt)))::int8[], \(s.bind(events.map { $0.deadLetterID ?? "" }))::text[])
                WITH ORDINALITY AS x(o, r, a, ap, u, e, sk, sv, et, t, m, rc, d, position)
            ORDER BY position
            """
        }
    }

    /// A queued event from a row holding ``columns`` and `seq`.
    static func queued(_ row: PostgresRandomAccessRow, deadLetterID: String?) throws -> QueuedLeadEvent {
        func column<Value: PostgresDecodable>(_ name: String) throws -> Value { try row.decode(name) }
        guard let route = LeadRoute(rawValue: try column("route")) else { throw StoreError.corrupt("queued event route") }
        return QueuedLeadEvent(
            sequence: try column("seq"), organizationID: try column("organization_id"), route: route, appID: try column("app_id"),
            app: try column("app"), unitID: try column("unit_id"),
            event: LeadEvent(
                id: try column("event_id"), subject: try LeadEvent.Subject(storedKind: try column("subject_kind"), value: try column("subject")),
                eventType: try column("event_type"), timestamp: try column("timestamp"), metadata: try column("metadata")),
            receivedAt: try column("received_at"), deadLetterID: deadLetterID)
    }

    /// An event of a group commit, as the processor scores it, from a row of
    /// `events` holding `seq, id, organization_id, app_id, app, worker_id,
    /// event_type, timestamp, metadata, received_at`.
    static func scored(_ row: PostgresRow) throws -> QueuedLeadEvent {
        let (sequence, id, organizationID, appID, app, workerID, eventType, timestamp, metadata, receivedAt) = try row.decode(
            (Int64, String, String, String, String, String, String, Int64, String?, Int64).self)
        return QueuedLeadEvent(
            sequence: sequence, organizationID: organizationID, route: .events, appID: appID, app: app, unitID: nil,
            event: LeadEvent(id: id, subject: .worker(workerID), eventType: eventType, timestamp: timestamp, metadata: metadata),
            receivedAt: receivedAt)
    }

    /// A dead letter from a row of `dead_letters`.
    static func deadLetter(_ row: PostgresRow) throws -> StoredDeadLetter {
        let row = row.makeRandomAccess()
        func column<Value: PostgresDecodable>(_ name: String) throws -> Value { try row.decode(name) }
        let deadLetter = DeadLetter(
            id: try column("id"), queued: try queued(row, deadLetterID: nil),
            reason: DeadLetter.Reason(code: try column("reason_code"), message: try column("reason_message")), failedAt: try column("failed_at"))
        return StoredDeadLetter(deadLetter: deadLetter, sequence: try column("seq"))
    }
}

extension PostgresRandomAccessRow {
    /// The value of the column `name`.
    func decode<Value: PostgresDecodable>(_ name: String) throws -> Value {
        try self[name].decode(Value.self, context: .default)
    }
}
