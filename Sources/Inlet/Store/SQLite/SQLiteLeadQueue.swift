import GRDB

/// The columns a queued event and a dead letter share on SQLite, and their mapping.
enum SQLiteLeadQueue {
    /// A queued event's columns, in the order of ``arguments(_:)``.
    static let columns = """
        organization_id, route, app_id, app, unit_id, event_id, subject_kind, subject, event_type, timestamp, metadata, received_at
        """

    /// Bound value by value by ``SQLiteGroupCommit``, in the order of ``columns``.
    static let insert = "INSERT INTO lead_queue (\(columns), dead_letter_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"

    /// The values of ``columns``.
    static func arguments(_ queued: QueuedLeadEvent) -> StatementArguments {
        let event = queued.event
        let subject = event.subject.stored
        return [
            queued.organizationID, queued.route.rawValue, queued.appID, queued.app, queued.unitID, event.id, subject.kind, subject.value,
            event.eventType, event.timestamp, event.metadata, queued.receivedAt,
        ]
    }

    /// A queued event from a row holding `seq`, ``columns`` and then the id
    /// of the dead letter it replays (`dead_letter_id` of the queue, `id` of
    /// a dead letter, which replays none).
    static func queued(_ row: Row, replaying: Bool) throws -> QueuedLeadEvent {
        guard let route = LeadRoute(rawValue: row[2]) else { throw StoreError.corrupt("queued event route") }
        return QueuedLeadEvent(
            sequence: row[0],
            organizationID: row[1],
            route: route,
            appID: row[3],
            app: row[4],
            unitID: row[5],
            event: LeadEvent(
                id: row[6],
                subject: try LeadEvent.Subject(storedKind: row[7], value: row[8]),
                eventType: row[9],
                timestamp: row[10],
                metadata: row[11]
            ),
            receivedAt: row[12],
            deadLetterID: replaying ? row[13] : nil
        )
    }

    /// An event of a group commit, as the processor scores it, from a row of
    /// `events` holding `seq, id, organization_id, app_id, app, worker_id,
    /// event_type, timestamp, metadata, received_at`.
    static func scored(_ row: Row) -> QueuedLeadEvent {
        QueuedLeadEvent(
            sequence: row[0],
            organizationID: row[2],
            route: .events,
            appID: row[3],
            app: row[4],
            unitID: nil,
            event: LeadEvent(id: row[1], subject: .worker(row[5]), eventType: row[6], timestamp: row[7], metadata: row[8]),
            receivedAt: row[9]
        )
    }

    /// The columns of `dead_letters` that ``deadLetter(_:)`` reads, in its order.
    static let deadLetterColumns = "seq, \(columns), id, reason_code, reason_message, failed_at"

    /// A dead letter from a row holding ``deadLetterColumns``.
    static func deadLetter(_ row: Row) throws -> StoredDeadLetter {
        let deadLetter = DeadLetter(
            id: row[13],
            queued: try queued(row, replaying: false),
            reason: DeadLetter.Reason(code: row[14], message: row[15]),
            failedAt: row[16]
        )
        return StoredDeadLetter(deadLetter: deadLetter, sequence: row[0])
    }
}
