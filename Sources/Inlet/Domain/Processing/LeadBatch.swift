/// A (person, ruleset) pair, whose scoring progress is stored.
struct ScoreKey: Sendable, Hashable {
    var organizationID: String
    var workerID: String
    var rulesetID: String
}

/// A step of the lead processor: queued events, oldest first, and what the
/// store holds that deciding them needs. A store reads it in two steps: what
/// the events name (``LeadBatch/lookup``), then the progress of the people
/// that resolves to (``LeadBatch/knownWorkers``).
struct LeadBatch: Sendable {
    var events: [QueuedLeadEvent]
    /// The rulesets of the organizations of the events, active or not.
    var rulesets: [String: [Ruleset]] = [:]
    /// The lead ids named by events that exist.
    var leads: Set<WorkerKey> = []
    /// The worker each found alias identifier belongs to.
    var aliases: [IdentifierKey: String] = [:]
    /// The stored progress of the known workers under each ruleset.
    var progress: [ScoreKey: ScoreProgress] = [:]

    init(events: [QueuedLeadEvent]) {
        self.events = events
    }

    /// What the events name: their organizations, lead ids and aliases.
    var lookup: (organizations: Set<String>, leads: Set<WorkerKey>, aliases: Set<IdentifierKey>) {
        var organizations: Set<String> = []
        var leads: Set<WorkerKey> = []
        var aliases: Set<IdentifierKey> = []
        for queued in events {
            organizations.insert(queued.organizationID)
            switch queued.event.subject {
            case .lead(let id): leads.insert(WorkerKey(organizationID: queued.organizationID, workerID: id))
            case .alias(let alias): aliases.insert(IdentifierKey(organizationID: queued.organizationID, identifier: alias.identifier))
            case .worker: break
            }
        }
        return (organizations, leads, aliases)
    }

    /// The existing workers the events resolve to, once leads and aliases are read.
    var knownWorkers: Set<WorkerKey> {
        var workers = leads
        for queued in events {
            if case .worker(let id) = queued.event.subject {
                workers.insert(WorkerKey(organizationID: queued.organizationID, workerID: id))
            }
        }
        for (key, workerID) in aliases { workers.insert(WorkerKey(organizationID: key.organizationID, workerID: workerID)) }
        return workers
    }
}
