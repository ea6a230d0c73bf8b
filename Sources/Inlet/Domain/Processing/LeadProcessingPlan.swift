/// Decides a step of the lead processor, as pure decisions over a
/// ``LeadBatch``: resolves each event's person (an unknown alias creates the
/// lead; an unknown lead id is dead-lettered), puts lead events on the
/// timeline, and scores every event, per person in timestamp order, under
/// each active ruleset of its unit, recording milestones and sequences once.
public struct LeadProcessingPlan {
    public static let leadSource = "lead-ingest"
    public static let systemSource = "system"
    public static let milestoneReached = "milestone.reached"
    public static let sequenceCompleted = "sequence.completed"

    private let ids: any IdentifierGenerator
    private let now: Int64

    public init(ids: any IdentifierGenerator, now: Int64) {
        self.ids = ids
        self.now = now
    }

    public func decide(_ batch: LeadBatch) -> LeadWrites {
        var writes = LeadWrites(decidedAt: now)
        writes.processed = batch.events.map(\.sequence)
        var aliases = batch.aliases
        var resolved: [WorkerKey: [QueuedLeadEvent]] = [:]
        for queued in batch.events {
            let organizationID = queued.organizationID
            let workerID: String
            switch queued.event.subject {
            case .worker(let id):
                workerID = id
            case .lead(let id):
                guard batch.leads.contains(WorkerKey(organizationID: organizationID, workerID: id)) else {
                    let reason = DeadLetter.Reason(
                        code: DeadLetter.Reason.unknownLead, message: "No lead has the id '\(id)' in this organization.")
                    writes.deadLetters.append(
                        DeadLetter(id: queued.deadLetterID ?? ids.make(.deadLetter), queued: queued, reason: reason, failedAt: now))
                    continue
                }
                workerID = id
            case .alias(let alias):
                let key = IdentifierKey(organizationID: organizationID, identifier: alias.identifier)
                if let found = aliases[key] {
                    workerID = found
                } else {
                    workerID = ids.make(.worker)
                    aliases[key] = workerID
                    writes.identifiers[key] = workerID
                    writes.leads.append(
                        .init(
                            key: WorkerKey(organizationID: organizationID, workerID: workerID), appID: queued.appID, unitID: queued.unitID,
                            createdAt: queued.receivedAt))
                }
            }
            if let deadLetterID = queued.deadLetterID { writes.resolvedDeadLetters[deadLetterID] = organizationID }
            resolved[WorkerKey(organizationID: organizationID, workerID: workerID), default: []].append(queued)
        }
        // Each person's events in timestamp order, ties in queue order; people in a fixed order.
        for (worker, events) in resolved.sorted(by: { ($0.key.organizationID, $0.key.workerID) < ($1.key.organizationID, $1.key.workerID) }) {
            let rulesets = batch.rulesets[worker.organizationID] ?? []
            for queued in events.sorted(by: { ($0.event.timestamp, $0.sequence) < ($1.event.timestamp, $1.sequence) }) {
                if case .worker = queued.event.subject {} else { writes.events.append(timelineEvent(queued, workerID: worker.workerID)) }
                score(queued, of: worker, under: rulesets, batch: batch, into: &writes)
            }
        }
        return writes
    }

    private func score(_ queued: QueuedLeadEvent, of worker: WorkerKey, under rulesets: [Ruleset], batch: LeadBatch, into writes: inout LeadWrites) {
        let event = queued.event
        let scored = ScoredEvent(
            eventType: event.eventType, timestamp: event.timestamp,
            metadata: event.metadata.flatMap { try? JSONParser.parse(Array($0.utf8)) })
        for ruleset in rulesets where ruleset.applies(to: queued.unitID) {
            let key = ScoreKey(organizationID: worker.organizationID, workerID: worker.workerID, rulesetID: ruleset.id)
            var progress = writes.progress[key] ?? batch.progress[key] ?? ScoreProgress()
            let step = progress.score(scored, under: ruleset)
            writes.progress[key] = progress
            for milestone in step.milestones {
                let recorded = systemEvent(
                    Self.milestoneReached, for: queued, workerID: worker.workerID,
                    metadata: [
                        ("ruleset", .string(ruleset.name)), ("milestone", .string(milestone.name)), ("threshold", .int(milestone.threshold)),
                        ("score", .int(step.score)), ("eventId", .string(event.id)),
                    ])
                writes.events.append(recorded)
                writes.milestones.append(.init(key: key, name: milestone.name, reachedAt: event.timestamp, eventID: recorded.id))
            }
            for sequence in step.sequences {
                writes.events.append(
                    systemEvent(
                        Self.sequenceCompleted, for: queued, workerID: worker.workerID,
                        metadata: [
                            ("ruleset", .string(ruleset.name)), ("sequence", .string(sequence.name)),
                            ("steps", .array(sequence.steps.map(JSONValue.string))), ("eventId", .string(event.id)),
                        ]))
            }
        }
    }

    /// A lead event as the timeline shows it, with the id it was given at the door.
    private func timelineEvent(_ queued: QueuedLeadEvent, workerID: String) -> StoredEvent {
        let event = queued.event
        return StoredEvent(
            id: event.id, organizationID: queued.organizationID, appID: queued.appID, app: queued.app, source: Self.leadSource,
            workerID: workerID, eventType: event.eventType, category: "lead", timestamp: event.timestamp, receivedAt: queued.receivedAt,
            duration: nil, metadata: event.metadata, timestampCorrected: false)
    }

    /// A `system` event recording what `queued` reached, at its timestamp.
    private func systemEvent(_ type: String, for queued: QueuedLeadEvent, workerID: String, metadata: [(String, JSONValue)]) -> StoredEvent {
        StoredEvent(
            id: ids.make(.event), organizationID: queued.organizationID, appID: queued.appID, app: queued.app, source: Self.systemSource,
            workerID: workerID, eventType: type, category: "scoring", timestamp: queued.event.timestamp, receivedAt: now, duration: nil,
            metadata: JSONWriter.string(.object(metadata)), timestampCorrected: false)
    }
}
