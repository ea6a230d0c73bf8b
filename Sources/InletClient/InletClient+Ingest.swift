import Foundation

extension InletClient {
    /// The most events one request carries.
    static let eventsPerRequest = 500

    /// Sends events to `POST /api/v1/ingest/events`. More than 500, or more
    /// than the body limit once encoded, go as consecutive requests, each keyed
    /// by the call's key and its position (``IdempotencyKey``); calling again
    /// with the same `idempotencyKey` after a failure replays what was stored
    /// and sends the rest.
    ///
    /// - Returns: one row per event in the caller's order: `accepted`,
    ///   `duplicate`, or `rejected` with its code and message. Rejected rows are
    ///   a result, not an error (the server's 207 and 422).
    public func ingestEvents(_ events: [Event], idempotencyKey: String? = nil, sentAt: Date? = nil) async throws -> EventBatchResult {
        try await ingestEvents(events, idempotencyKey: idempotencyKey, sentAt: sentAt, readingEveryRow: true)
    }

    /// ``ingestEvents(_:idempotencyKey:sentAt:)``; without `readingEveryRow`,
    /// the rows of a request answered 200 (none rejected) are counted, not
    /// read: the buffered sender needs only the rejected ones.
    func ingestEvents(_ events: [Event], idempotencyKey: String?, sentAt: Date?, readingEveryRow: Bool) async throws -> EventBatchResult {
        let key = idempotencyKey ?? IdempotencyKey.random()
        let encoded = try events.map { try $0.json() }
        let suffix: [UInt8] = try sentAt.map { Array(#"],"sentAt":"#.utf8) + (try encode($0)) + [UInt8(ascii: "}")] } ?? Array("]}".utf8)
        let chunks = Self.chunks(sizes: encoded.map(\.count), limit: options.bodyLimit - suffix.count - 16)
        var result = EventBatchResult(accepted: 0, rejected: 0, duplicates: 0, results: [], requestIDs: [])
        for (position, range) in chunks.enumerated() {
            var body = Array(#"{"events":["#.utf8)
            for index in range {
                if index > range.lowerBound { body.append(UInt8(ascii: ",")) }
                body.append(contentsOf: encoded[index])
            }
            body.append(contentsOf: suffix)
            let response = try await perform(
                "POST",
                "/api/v1/ingest/events",
                body: body,
                idempotencyKey: chunks.count == 1 ? key : IdempotencyKey.chunk(key, position: position),
                accepting: { (200..<300).contains($0) || $0 == 422 }
            )
            if !readingEveryRow, response.status == 200 {
                result.accepted += range.count
                result.requestIDs.append(response.headers["x-request-id"] ?? "")
                continue
            }
            guard let answer = try? Self.decoder.decode(EventBatchAnswer.self, from: response.body) else {
                throw response.status == 422 ? InletClientError(response: response) : .unreadable(response)
            }
            for var row in answer.results {
                row.index += range.lowerBound
                switch row.status {
                case .accepted: result.accepted += 1
                case .duplicate:
                    result.accepted += 1
                    result.duplicates += 1
                case .rejected: result.rejected += 1
                }
                result.results.append(row)
            }
            result.requestIDs.append(answer.requestId)
        }
        return result
    }

    /// Consecutive ranges of at most 500 items whose sizes (plus a separator
    /// each) fit `limit`; an item alone over it goes alone.
    static func chunks(sizes: [Int], limit: Int) -> [Range<Int>] {
        var chunks: [Range<Int>] = []
        var start = 0
        var bytes = 0
        for (index, size) in sizes.enumerated() {
            if index > start, index - start == eventsPerRequest || bytes + size + 1 > limit {
                chunks.append(start..<index)
                start = index
                bytes = 0
            }
            bytes += size + 1
        }
        if start < sizes.count || sizes.isEmpty { chunks.append(start..<sizes.count) }
        return chunks
    }

    /// Sends a snapshot to `POST /api/v1/ingest/snapshots`: it replaces the
    /// person's current one of the same type.
    public func ingestSnapshot(_ snapshot: Snapshot, idempotencyKey: String? = nil) async throws -> SnapshotResult {
        let response = try await perform(
            "POST",
            "/api/v1/ingest/snapshots",
            body: try encode(snapshot),
            idempotencyKey: idempotencyKey ?? IdempotencyKey.random()
        )
        return try decode(SnapshotResult.self, from: response)
    }
}
