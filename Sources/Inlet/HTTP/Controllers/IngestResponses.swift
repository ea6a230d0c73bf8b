/// The wire shapes of the Ingest API v1 answers.
enum IngestResponses {
    /// The events answer: 200 when every row is accepted or duplicate, 207 when
    /// some are rejected, 422 (with a top-level `error`) when all are.
    static func events(_ outcome: EventBatchOutcome, requestID: String, envelope: ErrorEnvelope) -> StoredResponse {
        switch outcome {
        case .planLimitReached(let cap):
            return envelope.body(
                for: InletError.planLimit(cap: cap), requestID: requestID)
        case .rows(let rows):
            let rejected = rows.filter { $0.status == .rejected }
            let duplicates = rows.count { $0.status == .duplicate }
            var members: [(String, JSONValue)] = [
                ("accepted", .int(rows.count - rejected.count)), ("rejected", .int(rejected.count)),
                ("duplicates", .int(duplicates)), ("requestId", .string(requestID)), ("results", .array(rows.map(row))),
            ]
            let status: Int
            if rejected.isEmpty {
                status = 200
            } else if rejected.count < rows.count {
                status = 207
            } else {
                status = 422
                let first = rejected[0].error ?? RowError(.invalidEvent, "Rejected.")
                let message = "Every row was rejected; the first: \(first.message)"
                members.append(("error", envelope.errorObject(first.code, message: message, requestID: requestID)))
            }
            return StoredResponse(status: status, body: JSONWriter.bytes(.object(members)))
        }
    }

    private static func row(_ row: RowOutcome) -> JSONValue {
        var members: [(String, JSONValue)] = [("index", .int(row.index)), ("status", .string(row.status.rawValue))]
        if let eventID = row.eventID { members.append(("id", .string(eventID))) }
        if let workerID = row.workerID { members.append(("workerId", .string(workerID))) }
        if let identity = row.identity { members.append(("identity", .string(identity.rawValue))) }
        if row.timestampCorrected { members.append(("timestampCorrected", .bool(true))) }
        if let error = row.error {
            members.append(("error", .object([("code", .string(error.code.rawValue)), ("message", .string(error.message))])))
        }
        return .object(members)
    }

    /// The snapshot answer.
    static func snapshot(_ outcome: SnapshotOutcome, requestID: String) -> StoredResponse {
        StoredResponse(
            status: 200,
            body: JSONWriter.bytes(
                .object([
                    ("id", .string(outcome.snapshotID)), ("workerId", .string(outcome.workerID)),
                    ("replaced", .bool(outcome.replaced)), ("requestId", .string(requestID)),
                ])))
    }
}
