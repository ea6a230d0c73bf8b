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

    /// A queued event from a row holding ``columns`` and `seq`.
    static func queued(_ row: Row, deadLetterID: String?) throws -> QueuedLeadEvent {
        guard let route = LeadRoute(rawValue: row["route"]) else { throw StoreError.corrupt("queued event route") }
        return QueuedLeadEvent(
            sequence: row["seq"], organizationID: row["organization_id"], route: route, appID: row["app_id"], app: row["app"],
            unitID: row["unit_id"],
            event: LeadEvent(
                id: row["event_id"], subject: try LeadEvent.Subject(storedKind: row["subject_kind"], value: row["subject"]),
                eventType: row["event_type"], timestamp: row["timestamp"], metadata: row["metadata"]),
            receivedAt: row["received_at"], deadLetterID: deadLetterID)
    }

    /// An event of a group commit, as the processor scores it, from a row of
    /// `events` holding `seq, id, organization_id, app_id, app, worker_id,
    /// event_type, timestamp, metadata, received_at`.
    static func scored(_ row: Row) -> QueuedLeadEvent {
        QueuedLeadEvent(
            sequence: row[0], organizationID: row[2], route: .events, appID: row[3], app: row[4], unitID: nil,
            event: LeadEvent(id: row[1], subject: .worker(row[5]), eventType: row[6], timestamp: row[7], metadata: row[8]),
            receivedAt: row[9])
    }

    /// A dead letter from a row of `dead_letters`.
    static func deadLetter(_ row: Row) throws -> StoredDeadLetter {
        let deadLetter = DeadLetter(
            id: row["id"], queued: try queued(row, deadLetterID: nil),
            reason: DeadLetter.Reason(code: row["reason_code"], message: row["reason_message"]), failedAt: row["failed_at"])
        return StoredDeadLetter(deadLetter: deadLetter, sequence: row["seq"])
    }
}
