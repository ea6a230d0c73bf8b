import Foundation

/// The wire shapes of the timeline and people reads, and their cursors.
enum ReadResponses {
    static func timelineEvent(_ item: TimelineEvent) -> JSONValue {
        let event = item.event
        let metadata = event.metadata.flatMap { try? JSONParser.parse(Array($0.utf8)) } ?? .null
        return .object([
            ("id", .string(event.id)), ("eventType", .string(event.eventType)), ("category", .string(event.category)),
            ("source", .string(event.source)), ("app", .string(event.app)), ("workerId", .string(event.workerID)),
            ("timestamp", .string(RFC3339.format(event.timestamp))), ("receivedAt", .string(RFC3339.format(event.receivedAt))),
            ("duration", event.duration.map(JSONValue.double) ?? .null), ("metadata", metadata),
            ("timestampCorrected", .bool(event.timestampCorrected)),
        ])
    }

    static func worker(_ worker: WorkerRecord, scores: LeadScores, snapshots: [SnapshotRecord], withHistory: Bool) -> JSONValue {
        let current = snapshots.filter { $0.replacedAt == nil }
        var members: [(String, JSONValue)] = [
            ("id", .string(worker.id)),
            (
                "identifiers",
                .array(
                    worker.identifiers.map {
                        .members([("kind", .string($0.kind)), ("value", .string($0.value)), ("app", $0.app.map(JSONValue.string))])
                    }
                )
            ),
            ("activityScore", .int(scores.activity)),
            ("scores", scores.json),
            ("strip", .array(Strip.build(from: current).map { .object([("app", .string($0.app)), ("metrics", .array($0.metrics.map(\.json)))]) })),
            ("createdAt", .string(RFC3339.format(worker.createdAt))),
        ]
        if withHistory {
            let history = snapshots.filter { $0.replacedAt != nil }.sorted { $0.timestamp > $1.timestamp }
            members.append(("snapshots", .object([("current", .array(current.map(snapshot))), ("history", .array(history.map(snapshot)))])))
        }
        return .object(members)
    }

    static func snapshot(_ record: SnapshotRecord) -> JSONValue {
        .object([
            ("id", .string(record.id)), ("app", .string(record.app)), ("snapshotType", .string(record.snapshotType)),
            ("metrics", .array(record.metrics.map(\.json))), ("timestamp", .string(RFC3339.format(record.timestamp))),
            ("replacedAt", record.replacedAt.map { .string(RFC3339.format($0)) } ?? .null),
        ])
    }

    static func page(_ items: [JSONValue], nextCursor: String?) -> JSONValue {
        .object([("items", .array(items)), ("nextCursor", nextCursor.json)])
    }
}

/// Opaque pagination cursors: a versioned position with a checksum, base64url
/// encoded. A cursor that does not decode or check is 400 `invalid_body`; an
/// absent or empty one asks for the first page.
enum Cursor {
    static func encode(_ parts: [String]) -> String {
        let payload = (["c1"] + parts).joined(separator: "|")
        return Data((payload + "|" + checksum(payload)).utf8).base64URL
    }

    static func decode(_ cursor: String?, parts count: Int) throws -> [String]? {
        guard let cursor, !cursor.isEmpty else { return nil }
        let notIssued = InletError.invalidBody("The cursor was not issued by this server.")
        guard cursor.count <= 512, let data = Data(base64URL: cursor), let text = String(data: data, encoding: .utf8),
            let separator = text.lastIndex(of: "|")
        else { throw notIssued }
        let payload = String(text[..<separator])
        let parts = payload.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        guard text[text.index(after: separator)...] == checksum(payload), parts.count == count + 1, parts[0] == "c1" else {
            throw notIssued
        }
        return Array(parts.dropFirst())
    }

    private static func checksum(_ payload: String) -> String {
        String(SHA256Hex.digest(Array(payload.utf8)).prefix(16))
    }
}
