import HTTPTypes

/// The wire shapes of the Ingest API v1 answers.
enum IngestResponses {
    /// The events answer: 200 when every row is accepted or duplicate, 207 when
    /// some are rejected, 422 (with a top-level `error`) when all are.
    static func events(_ outcome: EventBatchOutcome, requestID: String, envelope: ErrorEnvelope) -> StoredResponse {
        switch outcome {
        case .planLimitReached(let cap):
            return envelope.body(
                for: InletError.planLimit(cap: cap),
                requestID: requestID
            )
        case .rows(let rows):
            let rejected = rows.filter { $0.status == .rejected }
            var body: [UInt8] = []
            body.reserveCapacity(64 + 110 * rows.count)
            var object = JSONObjectWriter(into: &body)
            object.member("accepted", .int(rows.count - rejected.count), into: &body)
            object.member("rejected", .int(rejected.count), into: &body)
            object.member("duplicates", .int(rows.count { $0.status == .duplicate }), into: &body)
            object.member("requestId", .string(requestID), into: &body)
            object.member("results", into: &body) { output in
                output.append(UInt8(ascii: "["))
                for (position, row) in rows.enumerated() {
                    if position > 0 { output.append(UInt8(ascii: ",")) }
                    write(row, into: &output)
                }
                output.append(UInt8(ascii: "]"))
            }
            let status: HTTPResponse.Status
            if rejected.isEmpty {
                status = .ok
            } else if rejected.count < rows.count {
                status = .init(code: 207, reasonPhrase: "Multi-Status")
            } else {
                status = .unprocessableContent
                let first = rejected[0].error ?? RowError(.invalidEvent, "Rejected.")
                let message = "Every row was rejected; the first: \(first.message)"
                object.member("error", envelope.errorObject(first.code, message: message, requestID: requestID), into: &body)
            }
            object.close(&body)
            return StoredResponse(status: status, body: body)
        }
    }

    /// Appends one row's result object.
    private static func write(_ row: RowOutcome, into output: inout [UInt8]) {
        var object = JSONObjectWriter(into: &output)
        object.member("index", .int(row.index), into: &output)
        object.member("status", .string(row.status.rawValue), into: &output)
        if let eventID = row.eventID { object.member("id", .string(eventID), into: &output) }
        if let workerID = row.workerID { object.member("workerId", .string(workerID), into: &output) }
        if let identity = row.identity { object.member("identity", .string(identity.rawValue), into: &output) }
        if row.timestampCorrected { object.member("timestampCorrected", .bool(true), into: &output) }
        if let error = row.error {
            object.member("error", .object([("code", .string(error.code.rawValue)), ("message", .string(error.message))]), into: &output)
        }
        object.close(&output)
    }

    /// The snapshot answer.
    static func snapshot(_ outcome: SnapshotOutcome, requestID: String) -> StoredResponse {
        StoredResponse(
            status: .ok,
            body: JSONWriter.bytes(
                .object([
                    ("id", .string(outcome.snapshotID)), ("workerId", .string(outcome.workerID)),
                    ("replaced", .bool(outcome.replaced)), ("requestId", .string(requestID)),
                ])
            )
        )
    }
}
