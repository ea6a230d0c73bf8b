/// Decides a step of the lead processor, as pure decisions over a
/// ``LeadBatch``: resolves each event's person (an unknown alias creates the
/// lead; an unknown lead id is dead-lettered), puts lead events on the
/// timeline, and scores every event, per person in timestamp order, under
/// each active ruleset of its unit, recording milestones and sequences once.
struct LeadProcessingPlan {
    static let leadSource = "lead-ingest"
    static let systemSource = "system"
    static let milestoneReached = "milestone.reached"
    static let sequenceCompleted = "sequence.completed"

    private let ids: any IdentifierGenerator
    private let now: Int64

    init(ids: any IdentifierGenerator, now: Int64) {
        self.ids = ids
        self.now = now
    }

    func decide(_ batch: LeadBatch) -> LeadWrites {
        var writes = LeadWrites(decidedAt: now)
        writes.processed = batch.events.count
        var aliases = batch.aliases
        // Each person's events, as positions in the batch.
        var resolved: [WorkerKey: [Int]] = [:]
        for (index, queued) in batch.events.enumerated() {
            let organizationID = queued.organizationID
            let workerID: String
            switch queued.event.subject {
            case .worker(let id):
                workerID = id
            case .lead(let id):
                guard batch.leads.contains(WorkerKey(organizationID: organizationID, workerID: id)) else {
                    let reason = DeadLetter.Reason(
                        code: DeadLetter.Reason.unknownLead,
                        message: "No lead has the id '\(id)' in this organization."
                    )
                    writes.deadLetters.append(
                        DeadLetter(id: queued.deadLetterID ?? ids.make(.deadLetter), queued: queued, reason: reason, failedAt: now)
                    )
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
                            key: WorkerKey(organizationID: organizationID, workerID: workerID),
                            appID: queued.appID,
                            unitID: queued.unitID,
                            createdAt: queued.receivedAt
                        )
                    )
                }
            }
            if let deadLetterID = queued.deadLetterID { writes.resolvedDeadLetters[deadLetterID] = organizationID }
            resolved[WorkerKey(organizationID: organizationID, workerID: workerID), default: []].append(index)
        }
        // Each person's events in timestamp order, ties in queue order; people in a fixed order.
        for (worker, positions) in resolved.sorted(by: { ($0.key.organizationID, $0.key.workerID) < ($1.key.organizationID, $1.key.workerID) }) {
            let rulesets = batch.rulesets[worker.organizationID] ?? []
            // The person's progress under each ruleset, looked up once for all their events.
            let keys = rulesets.map { ScoreKey(organizationID: worker.organizationID, workerID: worker.workerID, rulesetID: $0.id) }
            var progress: [ScoreProgress?] = keys.map { batch.progress[$0] }
            var scored = Array(repeating: false, count: rulesets.count)
            let ordered = positions.sorted {
                let (a, b) = (batch.events[$0], batch.events[$1])
                return (a.event.timestamp, a.sequence) < (b.event.timestamp, b.sequence)
            }
            for position in ordered {
                let queued = batch.events[position]
                if case .worker = queued.event.subject {} else { writes.events.append(timelineEvent(queued, workerID: worker.workerID)) }
                score(queued, of: worker, under: rulesets, keys: keys, progress: &progress, scored: &scored, into: &writes)
            }
            for index in keys.indices where scored[index] { writes.progress[keys[index]] = progress[index] }
        }
        return writes
    }

    /// Scores an event under each of the person's rulesets that applies to
    /// it, moving their progress on and recording what it reached.
    private func score(
        _ queued: QueuedLeadEvent,
        of worker: WorkerKey,
        under rulesets: [Ruleset],
        keys: [ScoreKey],
        progress: inout [ScoreProgress?],
        scored: inout [Bool],
        into writes: inout LeadWrites
    ) {
        let event = queued.event
        // Metadata is parsed only for a rule that looks into it.
        let metadata = rulesets.readMetadata(ofEventsOf: queued.unitID) ? event.metadata.flatMap { try? JSONParser.parse(Array($0.utf8)) } : nil
        let scoredEvent = ScoredEvent(eventType: event.eventType, timestamp: event.timestamp, metadata: metadata)
        for (index, ruleset) in rulesets.enumerated() where ruleset.applies(to: queued.unitID) {
            var current = progress[index] ?? ScoreProgress()
            progress[index] = nil  // so that `current` is moved on in place, not copied
            let step = current.score(scoredEvent, under: ruleset)
            progress[index] = current
            scored[index] = true
            for milestone in step.milestones {
                let recorded = systemEvent(
                    Self.milestoneReached,
                    for: queued,
                    workerID: worker.workerID,
                    metadata: [
                        ("ruleset", .string(ruleset.name)), ("milestone", .string(milestone.name)), ("threshold", .int(milestone.threshold)),
                        ("score", .int(step.score)), ("eventId", .string(event.id)),
                    ]
                )
                writes.events.append(recorded)
                writes.milestones.append(.init(key: keys[index], name: milestone.name, reachedAt: event.timestamp, eventID: recorded.id))
            }
            for sequence in step.sequences {
                writes.events.append(
                    systemEvent(
                        Self.sequenceCompleted,
                        for: queued,
                        workerID: worker.workerID,
                        metadata: [
                            ("ruleset", .string(ruleset.name)), ("sequence", .string(sequence.name)),
                            ("steps", .array(sequence.steps.map(JSONValue.string))), ("eventId", .string(event.id)),
                        ]
                    )
                )
            }
        }
    }

    /// A lead event as the timeline shows it, with the id it was given at the door.
    private func timelineEvent(_ queued: QueuedLeadEvent, workerID: String) -> StoredEvent {
        let event = queued.event
        return StoredEvent(
            id: event.id,
            organizationID: queued.organizationID,
            appID: queued.appID,
            app: queued.app,
            source: Self.leadSource,
            workerID: workerID,
            eventType: event.eventType,
            category: "lead",
            timestamp: event.timestamp,
            receivedAt: queued.receivedAt,
            duration: nil,
            metadata: event.metadata,
            timestampCorrected: false
        )
    }

    /// A `system` event recording what `queued` reached, at its timestamp.
    private func systemEvent(_ type: String, for queued: QueuedLeadEvent, workerID: String, metadata: [(String, JSONValue)]) -> StoredEvent {
        StoredEvent(
            id: ids.make(.event),
            organizationID: queued.organizationID,
            appID: queued.appID,
            app: queued.app,
            source: Self.systemSource,
            workerID: workerID,
            eventType: type,
            category: "scoring",
            timestamp: queued.event.timestamp,
            receivedAt: now,
            duration: nil,
            metadata: JSONWriter.string(.object(metadata)),
            timestampCorrected: false
        )
    }
}
