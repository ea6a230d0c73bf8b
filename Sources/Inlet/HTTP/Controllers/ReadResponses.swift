import Foundation

/// The wire shapes of the timeline and people reads, and their cursors.
enum ReadResponses {
    /// A timeline event, as pages and live frames show it. Built as a
    /// ``JSONValue`` rather than encoded: the live feed renders each stored
    /// event once for all its subscribers, on the ingest path's cores.
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

    /// A person: identifiers, scores, the strip of current gauges and, on
    /// its own page, every snapshot.
    struct Worker: Encodable {
        struct Identifier: Encodable {
            var kind: String
            var value: String
            var app: Omissible<String>
        }

        /// An app's gauges on the strip.
        struct StripApp: Encodable {
            var app: String
            var metrics: [JSONValue]
        }

        struct Snapshots: Encodable {
            var current: [Snapshot]
            var history: [Snapshot]
        }

        var id: String
        var identifiers: [Identifier]
        var activityScore: Int
        var scores: JSONValue
        var strip: [StripApp]
        var createdAt: String
        var snapshots: Omissible<Snapshots>

        init(_ worker: WorkerRecord, scores: LeadScores, snapshots: [SnapshotRecord], withHistory: Bool) {
            let current = snapshots.filter { $0.replacedAt == nil }
            id = worker.id
            identifiers = worker.identifiers.map { Identifier(kind: $0.kind, value: $0.value, app: Omissible($0.app)) }
            activityScore = scores.activity
            self.scores = scores.json
            strip = Strip.build(from: current).map { StripApp(app: $0.app, metrics: $0.metrics.map(\.json)) }
            createdAt = RFC3339.format(worker.createdAt)
            let history = withHistory ? snapshots.filter { $0.replacedAt != nil }.sorted { $0.timestamp > $1.timestamp } : []
            self.snapshots = Omissible(withHistory ? Snapshots(current: current.map(Snapshot.init), history: history.map(Snapshot.init)) : nil)
        }
    }

    struct Snapshot: Encodable {
        var id: String
        var app: String
        var snapshotType: String
        var metrics: [JSONValue]
        var timestamp: String
        var replacedAt: String?

        init(_ record: SnapshotRecord) {
            id = record.id
            app = record.app
            snapshotType = record.snapshotType
            metrics = record.metrics.map(\.json)
            timestamp = RFC3339.format(record.timestamp)
            replacedAt = record.replacedAt.map(RFC3339.format)
        }
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

extension ReadResponses {
    /// The body of a webhook delivery: `{"type", "timestamp", "data"}`, the
    /// event as the timeline shows it.
    static func webhookBody(_ item: TimelineEvent) -> [UInt8] {
        JSONWriter.bytes(
            .object([
                ("type", .string(item.event.eventType)), ("timestamp", .string(RFC3339.format(item.event.timestamp))),
                ("data", timelineEvent(item)),
            ])
        )
    }
}
