import Foundation

extension InletClient {
    /// Makes `unitID` the active org unit of this client's lead events
    /// (`POST /org-units/active`); the client keeps the unit's cookie.
    public func setActiveUnit(_ unitID: String, idempotencyKey: String? = nil) async throws {
        _ = try await perform(
            "POST",
            "/org-units/active",
            body: try encode(["ouId": unitID]),
            idempotencyKey: idempotencyKey ?? IdempotencyKey.random()
        )
    }

    /// Sends one lead event to `POST /ingest`; it is resolved and scored after
    /// the answer.
    public func ingestLeadEvent(_ event: LeadEvent, idempotencyKey: String? = nil) async throws -> LeadEventResult {
        let response = try await perform("POST", "/ingest", body: try encode(event), idempotencyKey: idempotencyKey ?? IdempotencyKey.random())
        return try decode(LeadEventResult.self, from: response)
    }

    /// Imports historical lead events (each with its timestamp) through
    /// `POST /import/events`, in chunks of `rowsPerChunk` rows. Each chunk's key
    /// comes from its position and bytes, so importing the same events again
    /// stores none twice.
    public func importEvents(_ events: [LeadEvent], rowsPerChunk: Int = 1000) async throws -> ImportResult {
        var chunker = ImportChunker(rowsPerChunk: rowsPerChunk)
        var result = ImportResult(accepted: 0, rejected: 0, rejections: [], replayedRows: 0)
        for (offset, event) in events.enumerated() {
            if let chunk = chunker.add(try encode(event), number: offset + 1) { try await send(chunk, lines: false, into: &result) }
        }
        if let chunk = chunker.finish() { try await send(chunk, lines: false, into: &result) }
        return result
    }

    /// Imports an NDJSON file of lead events, one per line, as `inlet import`
    /// does: the same chunks and keys, so an interrupted import of the file,
    /// by either, resumes. Blank lines are skipped; rejections name their line.
    ///
    /// - Parameter progress: called after each chunk with the file's bytes read
    ///   so far and the result so far.
    public func importEvents(
        ndjsonFile file: URL,
        rowsPerChunk: Int = 1000,
        progress: (_ bytesRead: Int, _ result: ImportResult) -> Void = { _, _ in }
    ) async throws -> ImportResult {
        guard let input = fopen(file.path, "r") else {
            throw InletClientError(status: nil, code: "unreadable_file", message: "Cannot open \(file.path).", retryable: false)
        }
        defer { fclose(input) }
        var chunker = ImportChunker(rowsPerChunk: rowsPerChunk)
        var result = ImportResult(accepted: 0, rejected: 0, rejections: [], replayedRows: 0)
        var line: UnsafeMutablePointer<CChar>?
        defer { free(line) }
        var capacity = 0
        var number = 0
        var bytesRead = 0
        while true {
            let length = getline(&line, &capacity, input)
            guard length >= 0, let line else { break }
            number += 1
            bytesRead += length
            let count = length > 0 && line[length - 1] == 0x0A ? length - 1 : length
            if let chunk = chunker.add(UnsafeRawBufferPointer(start: line, count: count), number: number) {
                try await send(chunk, lines: true, into: &result)
                progress(bytesRead, result)
            }
        }
        if let chunk = chunker.finish() {
            try await send(chunk, lines: true, into: &result)
        }
        progress(bytesRead, result)
        return result
    }

    private func send(_ chunk: ImportChunker.Chunk, lines: Bool, into result: inout ImportResult) async throws {
        let response = try await perform(
            "POST",
            "/import/events",
            body: chunk.body,
            contentType: "application/x-ndjson",
            idempotencyKey: chunk.idempotencyKey
        )
        let answer = try decode(ImportAnswer.self, from: response)
        result.accepted += answer.accepted
        result.rejected += answer.rejected
        if response.headers["idempotent-replayed"] == "true" { result.replayedRows += chunk.lines.count }
        for rejection in answer.rejections {
            let line = lines && chunk.lines.indices.contains(rejection.index) ? chunk.lines[rejection.index] : nil
            result.rejections.append(.init(index: chunk.firstRow + rejection.index, line: line, error: rejection.error))
        }
    }
}
