/// The wire shapes of the lead routes and the dead letters.
enum LeadResponses {
    /// `POST /ingest`: 202 once stored; the monthly cap already reached is 402.
    static func ingest(_ outcome: LeadIngestOutcome, requestID: String, envelope: ErrorEnvelope) -> StoredResponse {
        switch outcome {
        case .planLimitReached(let cap):
            return envelope.body(for: InletError.planLimit(cap: cap), requestID: requestID)
        case .rows(let rows):
            switch rows.first {
            case .success(let eventID)?:
                return StoredResponse(
                    status: .accepted,
                    body: JSONWriter.bytes(
                        .object([("status", .string("accepted")), ("eventId", .string(eventID)), ("requestId", .string(requestID))])
                    )
                )
            case .failure(let error)?:
                return envelope.body(for: InletError(error.code, error.message), requestID: requestID)
            case nil:
                return envelope.body(for: .invalidBody("No event."), requestID: requestID)
            }
        }
    }

    /// `POST /import/events`: 202 with the rows accepted and the rejections
    /// (`index` over rows, `line` in NDJSON); the monthly cap already reached is 402.
    static func importEvents(_ outcome: LeadIngestOutcome, lines: [Int?], requestID: String, envelope: ErrorEnvelope) -> StoredResponse {
        guard case .rows(let rows) = outcome else { return ingest(outcome, requestID: requestID, envelope: envelope) }
        var rejections: [JSONValue] = []
        for (index, row) in rows.enumerated() {
            guard case .failure(let error) = row else { continue }
            rejections.append(
                .members([
                    ("index", .int(index)), ("line", lines[index].map(JSONValue.int)),
                    ("error", .object([("code", .string(error.code.rawValue)), ("message", .string(error.message))])),
                ])
            )
        }
        return StoredResponse(
            status: .accepted,
            body: JSONWriter.bytes(
                .object([
                    ("status", .string("accepted")), ("accepted", .int(rows.count - rejections.count)), ("rejected", .int(rejections.count)),
                    ("rejections", .array(rejections)), ("requestId", .string(requestID)),
                ])
            )
        )
    }

    /// A lead: `id`, `unit`, `aliases`, `scores` by ruleset name, `milestones`.
    static func lead(_ worker: WorkerRecord, scores: LeadScores, milestones: [MilestoneRecord], rulesets: [Ruleset]) -> JSONValue {
        let names = Dictionary(rulesets.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let aliases = worker.identifiers.compactMap { view -> JSONValue? in
            guard view.app == nil, let kind = WorkerIdentifier.Kind(rawValue: view.kind) else { return nil }
            guard let alias = LeadAlias(WorkerIdentifier(kind: kind, scope: "", value: view.value)) else { return nil }
            return .object([("kind", .string(alias.kind.rawValue)), ("value", .string(alias.value))])
        }
        return .object([
            ("id", .string(worker.id)), ("unit", worker.unitID.json), ("aliases", .array(aliases)), ("scores", scores.json),
            (
                "milestones",
                .array(
                    milestones.map {
                        .object([
                            ("name", .string($0.name)), ("ruleset", .string(names[$0.rulesetID] ?? $0.rulesetID)),
                            ("reachedAt", .string(RFC3339.format($0.reachedAt))),
                        ])
                    }
                )
            ),
            ("createdAt", .string(RFC3339.format(worker.createdAt))),
        ])
    }

    /// A dead letter: `id`, `route`, `receivedAt`, `reason`, `payload`, and the event's id and unit.
    static func deadLetter(_ stored: StoredDeadLetter) -> JSONValue {
        let letter = stored.deadLetter
        return .object([
            ("id", .string(letter.id)), ("route", .string(letter.queued.route.rawValue)), ("eventId", .string(letter.queued.event.id)),
            ("unit", letter.queued.unitID.json), ("receivedAt", .string(RFC3339.format(letter.queued.receivedAt))),
            ("failedAt", .string(RFC3339.format(letter.failedAt))),
            ("reason", .object([("code", .string(letter.reason.code)), ("message", .string(letter.reason.message))])),
            ("payload", letter.payload),
        ])
    }
}
