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

    /// A queued event from a row holding `seq`, ``columns`` and then the id
    /// of the dead letter it replays (`dead_letter_id` of the queue, `id` of
    /// a dead letter, which replays none).
    static func queued(_ row: PostgresRandomAccessRow, replaying: Bool) throws -> QueuedLeadEvent {
        func column<Value: PostgresDecodable>(_ index: Int) throws -> Value { try row[index].decode(Value.self, context: .default) }
        guard let route = LeadRoute(rawValue: try column(2)) else { throw StoreError.corrupt("queued event route") }
        return QueuedLeadEvent(
            sequence: try column(0),
            organizationID: try column(1),
            route: route,
            appID: try column(3),
            app: try column(4),
            unitID: try column(5),
            event: LeadEvent(
                id: try column(6),
                subject: try LeadEvent.Subject(storedKind: try column(7), value: try column(8)),
                eventType: try column(9),
                timestamp: try column(10),
                metadata: try column(11)
            ),
            receivedAt: try column(12),
            deadLetterID: replaying ? try column(13) : nil
        )
    }

    /// An event of a group commit, as the processor scores it, from a row of
    /// `events` holding `seq, id, organization_id, app_id, app, worker_id,
    /// event_type, timestamp, metadata, received_at`.
    static func scored(_ row: PostgresRow) throws -> QueuedLeadEvent {
        let (sequence, id, organizationID, appID, app, workerID, eventType, timestamp, metadata, receivedAt) = try row.decode(
            (Int64, String, String, String, String, String, String, Int64, String?, Int64).self
        )
        return QueuedLeadEvent(
            sequence: sequence,
            organizationID: organizationID,
            route: .events,
            appID: appID,
            app: app,
            unitID: nil,
            event: LeadEvent(id: id, subject: .worker(workerID), eventType: eventType, timestamp: timestamp, metadata: metadata),
            receivedAt: receivedAt
        )
    }

    /// The columns of `dead_letters` that ``deadLetter(_:)`` reads, in its order.
    static let deadLetterColumns = "seq, \(columns), id, reason_code, reason_message, failed_at"

    /// A dead letter from a row holding ``deadLetterColumns``.
    static func deadLetter(_ row: PostgresRow) throws -> StoredDeadLetter {
        let row = row.makeRandomAccess()
        func column<Value: PostgresDecodable>(_ index: Int) throws -> Value { try row[index].decode(Value.self, context: .default) }
        let deadLetter = DeadLetter(
            id: try column(13),
            queued: try queued(row, replaying: false),
            reason: DeadLetter.Reason(code: try column(14), message: try column(15)),
            failedAt: try column(16)
        )
        return StoredDeadLetter(deadLetter: deadLetter, sequence: try column(0))
    }
}
