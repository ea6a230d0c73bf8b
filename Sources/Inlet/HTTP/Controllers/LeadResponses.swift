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
    struct Lead: Encodable {
        struct Alias: Encodable {
            var kind: String
            var value: String
        }

        struct Milestone: Encodable {
            var name: String
            var ruleset: String
            var reachedAt: String
        }

        var id: String
        var unit: String?
        var aliases: [Alias]
        var scores: JSONValue
        var milestones: [Milestone]
        var createdAt: String

        init(_ worker: WorkerRecord, scores: LeadScores, milestones: [MilestoneRecord], rulesets: [Ruleset]) {
            let names = Dictionary(rulesets.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
            id = worker.id
            unit = worker.unitID
            aliases = worker.identifiers.compactMap { view in
                guard view.app == nil, let kind = WorkerIdentifier.Kind(rawValue: view.kind) else { return nil }
                return LeadAlias(WorkerIdentifier(kind: kind, scope: "", value: view.value)).map { Alias(kind: $0.kind.rawValue, value: $0.value) }
            }
            self.scores = scores.json
            self.milestones = milestones.map {
                Milestone(name: $0.name, ruleset: names[$0.rulesetID] ?? $0.rulesetID, reachedAt: RFC3339.format($0.reachedAt))
            }
            createdAt = RFC3339.format(worker.createdAt)
        }
    }

    /// A dead letter: `id`, `route`, `receivedAt`, `reason`, `payload`, and the event's id and unit.
    struct DeadLetter: Encodable {
        struct Reason: Encodable {
            var code: String
            var message: String
        }

        var id: String
        var route: String
        var eventId: String
        var unit: String?
        var receivedAt: String
        var failedAt: String
        var reason: Reason
        /// The event as it was sent.
        var payload: JSONValue

        init(_ stored: StoredDeadLetter) {
            let letter = stored.deadLetter
            id = letter.id
            route = letter.queued.route.rawValue
            eventId = letter.queued.event.id
            unit = letter.queued.unitID
            receivedAt = RFC3339.format(letter.queued.receivedAt)
            failedAt = RFC3339.format(letter.failedAt)
            reason = Reason(code: letter.reason.code, message: letter.reason.message)
            payload = letter.payload
        }
    }
}
