import Foundation
import Testing

@testable import Inlet

/// The behaviour every ``InletStore`` must show, run against each implementation.
@Suite("Store conformance")
struct StoreConformanceTests {
    let clock = TestClock()

    private func seeded(_ store: any InletStore) async throws -> (Organization, DeveloperApp) {
        let tenancy = TenancyService(store: store, ids: TimeOrderedIdentifierGenerator(clock: clock), clock: clock, hasher: cheapHasher)
        let organization = try await tenancy.createOrganization(name: "Acme", slug: "acme", maxEventsPerMonth: nil, keyRps: nil, orgRps: nil)
        let app = try await tenancy.createApp(organization: "acme", slug: "crm", name: nil, eventTypes: ["*"])
        return (organization, app)
    }

    @Test(arguments: Backend.all)
    func endedSessionsAreKeptUntilTheyWouldHaveExpired(backend: Backend) async throws {
        try await withStore(backend) { store in
            #expect(try await store.isSessionEnded("a") == false)
            try await store.endSession("a", expiresAt: 1_000, now: 0)
            try await store.endSession("a", expiresAt: 1_000, now: 0)
            #expect(try await store.isSessionEnded("a"))
            #expect(try await store.isSessionEnded("b") == false)
            // Ending another later forgets the ones past their expiry.
            try await store.endSession("b", expiresAt: 5_000, now: 2_000)
            #expect(try await store.isSessionEnded("a") == false)
            #expect(try await store.isSessionEnded("b"))
        }
    }

    @Test(arguments: Backend.all)
    func activityCountsAddUpPerMinuteAndANewerMinuteTakesItsSlotOver(backend: Backend) async throws {
        try await withStore(backend) { store in
            let start: Int64 = 1_800_000_000_000  // a minute boundary
            func commit(_ counts: [ActivityKey: Int]) async throws {
                try await store.commit(IngestLookup()) { _ in
                    var writes = IngestWrites()
                    writes.activity = counts
                    return writes
                }
            }
            let accepted = ActivityKey(organizationID: "org_a", minute: start, code: "accepted")
            let rejected = ActivityKey(organizationID: "org_a", minute: start, code: "invalid_event")
            try await commit([accepted: 3, rejected: 1, ActivityKey(organizationID: "org_b", minute: start, code: "accepted"): 7])
            try await commit([accepted: 2])
            #expect(try await store.activity(organizationID: "org_a", since: start - 1) == [accepted: 5, rejected: 1])

            // An hour later the same slot holds the new minute; a late count of the old minute is dropped.
            let later = ActivityKey(organizationID: "org_a", minute: start + 3_600_000, code: "accepted")
            try await commit([later: 4])
            try await commit([accepted: 9])
            #expect(try await store.activity(organizationID: "org_a", since: start - 1) == [later: 4, rejected: 1])
            #expect(try await store.activity(organizationID: "org_a", since: start) == [later: 4])
            #expect(try await store.activity(organizationID: "org_b", since: 0).values.reduce(0, +) == 7)
        }
    }

    @Test(arguments: Backend.all)
    func tenancyRoundTripsAndRejectsDuplicates(backend: Backend) async throws {
        try await withStore(backend) { store in try await self.tenancyRoundTripsAndRejectsDuplicates(store) }
    }

    private func tenancyRoundTripsAndRejectsDuplicates(_ store: any InletStore) async throws {
        let (organization, app) = try await seeded(store)
        #expect(try await store.organization("acme") == organization)
        #expect(try await store.organization(organization.id) == organization)
        #expect(try await store.app("crm", organizationID: organization.id) == app)
        #expect(try await store.app("crm", organizationID: "org_other") == nil)
        #expect(try await store.units(organizationID: organization.id).map(\.id) == [OrgUnit.defaultID])
        await #expect(throws: StoreError.alreadyExists) {
            try await store.insert(
                organization,
                defaultUnit: OrgUnit(id: OrgUnit.defaultID, organizationID: organization.id, name: "x", createdAt: 0)
            )
        }
        var changed = organization
        changed.maxEventsPerMonth = 10
        try await store.update(changed)
        #expect(try await store.organization("acme")?.maxEventsPerMonth == 10)
        #expect(try await store.isEmpty() == false)
        #expect(await store.isReady())
    }

    @Test(arguments: Backend.all)
    func keysAreFoundByPrefixUntilRevoked(backend: Backend) async throws {
        try await withStore(backend) { store in try await self.keysAreFoundByPrefixUntilRevoked(store) }
    }

    private func keysAreFoundByPrefixUntilRevoked(_ store: any InletStore) async throws {
        let (organization, app) = try await seeded(store)
        let key = AppKeyRecord(
            id: "key_1",
            organizationID: organization.id,
            appID: app.id,
            unitID: nil,
            prefix: "wp_live_abcdefgh",
            hash: "h",
            createdAt: 1
        )
        try await store.insert(key)
        #expect(try await store.keyCandidates(prefix: "wp_live_abcdefgh") == [key])
        try await store.markKeyUsed("key_1", organizationID: organization.id, at: 5)
        #expect(try await store.keys(organizationID: organization.id, appID: app.id).first?.lastUsedAt == 5)
        #expect(try await store.revokeKey("key_1", organizationID: organization.id, appID: app.id, at: 9))
        #expect(try await store.keyCandidates(prefix: "wp_live_abcdefgh").isEmpty)
        #expect(try await store.keys(organizationID: organization.id, appID: app.id).first?.revokedAt == 9)
        #expect(try await store.revokeKey("key_1", organizationID: organization.id, appID: "app_other", at: 9) == false)
    }

    @Test(arguments: Backend.all)
    func streamsRoundTripAndRejectDuplicateNames(backend: Backend) async throws {
        try await withStore(backend) { store in try await self.streamsRoundTripAndRejectDuplicateNames(store) }
    }

    private func streamsRoundTripAndRejectDuplicateNames(_ store: any InletStore) async throws {
        let (organization, _) = try await seeded(store)
        let key = StreamKey(id: "key_s1", prefix: "ik_live_abcdefgh", hash: "h1", createdAt: 1)
        let stream = DataStream(id: "str_1", organizationID: organization.id, name: "sales", itemKey: "region", key: key, createdAt: 2)
        try await store.insert(stream)
        await #expect(throws: StoreError.alreadyExists) {
            try await store.insert(DataStream(id: "str_2", organizationID: organization.id, name: "sales", itemKey: nil, key: key, createdAt: 3))
        }
        #expect(try await store.stream("sales", organizationID: organization.id) == stream)
        #expect(try await store.stream("str_1", organizationID: organization.id) == stream)
        #expect(try await store.stream("sales", organizationID: "org_other") == nil)
        #expect(try await store.streamKeyCandidates(prefix: "ik_live_abcdefgh") == [stream])
        let rotated = StreamKey(id: "key_s2", prefix: "ik_live_zyxwvuts", hash: "h2", createdAt: 4)
        #expect(try await store.replaceKey(of: "str_1", organizationID: organization.id, with: rotated))
        #expect(try await store.streamKeyCandidates(prefix: "ik_live_abcdefgh").isEmpty)
        #expect(try await store.streams(organizationID: organization.id).map(\.key) == [rotated])
        #expect(try await store.deleteStream("str_1", organizationID: "org_other") == false)
        #expect(try await store.deleteStream("str_1", organizationID: organization.id))
        #expect(try await store.streams(organizationID: organization.id).isEmpty)
    }

    @Test(arguments: Backend.all)
    func groupCommitAppliesKeptWritesOnly(backend: Backend) async throws {
        try await withStore(backend) { store in try await self.groupCommitAppliesKeptWritesOnly(store) }
    }

    private func groupCommitAppliesKeptWritesOnly(_ store: any InletStore) async throws {
        let (organization, app) = try await seeded(store)
        let writer = GroupCommitWriter(store: store, metrics: InletMetrics())
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await writer.run() }
            let ids = TimeOrderedIdentifierGenerator(clock: clock)
            let work = EventBatchWork(
                organization: organization,
                app: app,
                batch: ValidatedBatch(rows: [
                    .success(
                        ValidatedEvent(
                            id: ids.make(.event),
                            clientID: nil,
                            eventType: "a",
                            category: "c",
                            actor: Actor(email: "a@b.c"),
                            timestamp: 1,
                            timestampCorrected: false,
                            duration: nil,
                            metadata: #"{"k":1}"#
                        )
                    )
                ]),
                receivedAt: 10,
                ids: ids
            )
            let claim = IdempotencyClaim(
                scope: IdempotencyScope(organizationID: organization.id, route: "events", key: "k"),
                requestHash: "h",
                createdAt: 10,
                expiredBefore: 0
            )
            let recording = AnswerRecording<EventBatchOutcome>(claim: claim) { _ in StoredResponse(status: 200, body: [1]) }
            let kept = Task { try await writer.submit(work, recording: recording) }
            let dryRun = Task { try await writer.submit(work, dryRun: true) }
            guard case .rows(let keptRows) = try await kept.value.outcome, case .rows(let dryRows) = try await dryRun.value.outcome else {
                Issue.record("expected row outcomes")
                return
            }
            #expect(keptRows.map(\.status) == [.accepted] && dryRows.map(\.status) == [.accepted])
            #expect(try await kept.value.recorded == StoredResponse(status: 200, body: [1]))
            // The key is now recorded: a second claim is refused and writes nothing.
            await #expect(throws: IdempotencyConflict.self) { try await writer.submit(work, recording: recording) }
            writer.finish()
            try await group.waitForAll()
        }
        let events = try await store.timeline(TimelineQuery(organizationID: organization.id))
        #expect(events.count == 1)
        #expect(events.first?.event.metadata == #"{"k":1}"#)
        #expect(try await store.workers(organizationID: organization.id, after: nil, limit: 10, leadsOnly: false).count == 1)
        #expect(try await store.idempotencyRecord(organizationID: organization.id, route: "events", key: "k", notBefore: 0)?.requestHash == "h")
    }

    @Test(arguments: Backend.all)
    func concurrentGroupCommitsNeverPassTheMonthlyCap(backend: Backend) async throws {
        try await withStore(backend) { store in try await self.concurrentGroupCommitsNeverPassTheMonthlyCap(store) }
    }

    /// Eight clients send batches of 7 one after another, so that group commits
    /// overlap where the store runs several at once; the cap of 100 is reached
    /// exactly, never passed.
    private func concurrentGroupCommitsNeverPassTheMonthlyCap(_ store: any InletStore) async throws {
        let (seededOrganization, app) = try await seeded(store)
        var capped = seededOrganization
        capped.maxEventsPerMonth = 100
        try await store.update(capped)
        let organization = capped
        let writer = GroupCommitWriter(store: store, metrics: InletMetrics())
        let ids = TimeOrderedIdentifierGenerator(clock: clock)
        let accepted = try await withThrowingTaskGroup(of: Int.self) { group in
            group.addTask {
                try await writer.run()
                return 0
            }
            let clients = (0..<8).map { client in
                Task {
                    var accepted = 0
                    for round in 0..<4 {
                        let rows = (0..<7).map { row in
                            Result<ValidatedEvent, RowError>.success(
                                ValidatedEvent(
                                    id: ids.make(.event),
                                    clientID: nil,
                                    eventType: "a",
                                    category: "c",
                                    actor: Actor(externalID: "p-\(client)-\(round)-\(row)"),
                                    timestamp: 1,
                                    timestampCorrected: false,
                                    duration: nil,
                                    metadata: nil
                                )
                            )
                        }
                        let work = EventBatchWork(organization: organization, app: app, batch: ValidatedBatch(rows: rows), receivedAt: 10, ids: ids)
                        if case .rows(let outcomes) = try await writer.submit(work).outcome {
                            accepted += outcomes.count { $0.status == .accepted }
                        }
                    }
                    return accepted
                }
            }
            var accepted = 0
            for client in clients { accepted += try await client.value }
            writer.finish()
            try await group.waitForAll()
            return accepted
        }
        #expect(accepted == 100)
        #expect(try await store.timeline(TimelineQuery(organizationID: organization.id, limit: 500)).count == 100)
    }

    /// Commits `writes` as a group, then returns what a lookup finds.
    private func roundTrip(_ store: any InletStore, _ writes: IngestWrites, lookup: IngestLookup) async throws -> IngestFacts {
        try await store.commit(IngestLookup()) { _ in writes }
        let found = Locked(IngestFacts())
        try await store.commit(lookup) { facts in
            found.withLock { $0 = facts }
            return IngestWrites()
        }
        return found.withLock { $0 }
    }

    @Test(arguments: Backend.all)
    func fetchFindsWhatApplyWrote(backend: Backend) async throws {
        try await withStore(backend) { store in try await self.fetchFindsWhatApplyWrote(store) }
    }

    private func fetchFindsWhatApplyWrote(_ store: any InletStore) async throws {
        let (organization, app) = try await seeded(store)
        let org = organization.id
        let worker = WorkerKey(organizationID: org, workerID: "wrk_1")
        let email = IdentifierKey(organizationID: org, identifier: .email("A@B.c"))
        let external = IdentifierKey(organizationID: org, identifier: .externalID("x-1", appID: app.id))
        let client = ClientEventKey(organizationID: org, appID: app.id, clientID: "c-1")
        let month = UsageKey(organizationID: org, month: "2026-04")
        let scope = IdempotencyScope(organizationID: org, route: "events", key: "k")
        let slot = SnapshotSlot(organizationID: org, workerID: "wrk_1", snapshotType: "q")
        func snapshot(_ id: String, replacedAt: Int64?) -> StoredSnapshot {
            StoredSnapshot(
                id: id,
                organizationID: org,
                appID: app.id,
                workerID: "wrk_1",
                snapshotType: "q",
                metrics: [Metric(name: "open", value: .int(1))],
                timestamp: 1,
                receivedAt: 1,
                typeRank: 7,
                replacedAt: replacedAt
            )
        }
        var writes = IngestWrites()
        writes.workers = [.init(key: worker, appID: app.id, createdAt: 1)]
        writes.identifiers = [email: "wrk_1"]
        writes.events = [
            StoredEvent(
                id: "evt_1",
                organizationID: org,
                appID: app.id,
                app: app.slug,
                source: app.source,
                workerID: "wrk_1",
                eventType: "a",
                category: "c",
                timestamp: 5,
                receivedAt: 5,
                duration: 1.5,
                metadata: nil,
                timestampCorrected: true
            )
        ]
        writes.clientEvents = [client: ClientEvent(eventID: "evt_1", workerID: "wrk_1")]
        writes.eventCounts = [month: 3]
        writes.snapshots = [snapshot("snp_1", replacedAt: 2), snapshot("snp_2", replacedAt: nil)]
        writes.idempotencyRecords = [
            IdempotencyRecord(
                organizationID: org,
                route: "events",
                key: "k",
                requestHash: "h",
                response: StoredResponse(status: 200, body: [1, 2]),
                createdAt: 100
            )
        ]
        var lookup = IngestLookup()
        lookup.workers = [worker, WorkerKey(organizationID: "org_other", workerID: "wrk_1")]
        lookup.identifiers = [email, external, IdentifierKey(organizationID: "org_other", identifier: .email("a@b.c"))]
        lookup.clientEvents = [client, ClientEventKey(organizationID: org, appID: app.id, clientID: "c-2")]
        lookup.months = [month, UsageKey(organizationID: org, month: "2026-05")]
        lookup.idempotencyScopes = [scope, IdempotencyScope(organizationID: org, route: "snapshots", key: "k")]
        lookup.snapshots = [SnapshotLookup(organizationID: org, snapshotType: "q", workerID: nil, identifiers: [.email("a@b.C")])]
        var expected = IngestFacts()
        expected.workers = [worker]
        expected.identifiers = [email: "wrk_1"]
        expected.clientEvents = [client: ClientEvent(eventID: "evt_1", workerID: "wrk_1")]
        expected.eventCounts = [month: 3]
        expected.idempotencyRecords = [scope: 100]
        expected.currentSnapshots = [slot: 7]
        #expect(try await roundTrip(store, writes, lookup: lookup) == expected)

        // Counts add up; a replaced current snapshot and an expired record are superseded.
        var next = IngestWrites()
        next.eventCounts = [month: 2]
        next.replacedSnapshots = [slot: 9]
        next.snapshots = [snapshot("snp_3", replacedAt: nil)]
        next.expiredIdempotencyRecords = [scope: 100]
        next.idempotencyRecords = [
            IdempotencyRecord(
                organizationID: org,
                route: "events",
                key: "k",
                requestHash: "h2",
                response: StoredResponse(status: 207, body: [3]),
                createdAt: 200
            )
        ]
        expected.eventCounts = [month: 5]
        expected.idempotencyRecords = [scope: 200]
        #expect(try await roundTrip(store, next, lookup: lookup) == expected)

        let snapshots = try await store.snapshots(workerIDs: ["wrk_1"], organizationID: org)["wrk_1"] ?? []
        #expect(snapshots.map(\.id) == ["snp_1", "snp_2", "snp_3"])
        #expect(snapshots.map(\.replacedAt) == [2, 9, nil])
        let record = try await store.idempotencyRecord(organizationID: org, route: "events", key: "k", notBefore: 0)
        #expect(record?.response == StoredResponse(status: 207, body: [3]) && record?.requestHash == "h2")
        #expect(try await store.idempotencyRecord(organizationID: org, route: "events", key: "k", notBefore: 201) == nil)
        #expect(try await store.deleteIdempotencyRecords(before: 201) == 1)
        let stored = try await store.worker("wrk_1", organizationID: org)
        #expect(stored?.identifiers == [WorkerIdentifierView(kind: "email", value: "a@b.c", app: nil)])
        let event = try await store.timeline(TimelineQuery(organizationID: org)).first?.event
        #expect(event == writes.events.first)
    }

    @Test(arguments: Backend.all)
    func durabilitySettingsAreReadBack(backend: Backend) async throws {
        try await withStore(backend) { store in try await self.durabilitySettingsAreReadBack(store) }
    }

    private func durabilitySettingsAreReadBack(_ store: any InletStore) async throws {
        try await store.prepare()
        #expect(await store.isReady())
    }
    @Test(arguments: Backend.all)
    func theEventsOfAGroupCommitAreScoredOnceEachBySteps(backend: Backend) async throws {
        try await withStore(backend) { store in try await self.theEventsOfAGroupCommitAreScoredOnceEachBySteps(store) }
    }

    /// v1 events are queued by reference to what their group commit stored: a
    /// step smaller than a commit takes part of it and leaves the rest queued.
    private func theEventsOfAGroupCommitAreScoredOnceEachBySteps(_ store: any InletStore) async throws {
        let (organization, app) = try await seeded(store)
        let now = clock.nowMillis()
        func commit(_ workers: [String]) async throws {
            let events = workers.enumerated().map { index, worker in
                StoredEvent(
                    id: "evt_\(worker)_\(UUID().uuidString.prefix(8))",
                    organizationID: organization.id,
                    appID: app.id,
                    app: app.slug,
                    source: app.source,
                    workerID: worker,
                    eventType: "ticket.resolved",
                    category: "test",
                    timestamp: now + Int64(index),
                    receivedAt: now,
                    duration: nil,
                    metadata: nil,
                    timestampCorrected: false
                )
            }
            try await store.commit(IngestLookup()) { _ in
                var writes = IngestWrites()
                writes.workers = Set(workers).map {
                    .init(key: WorkerKey(organizationID: organization.id, workerID: $0), appID: app.id, createdAt: now)
                }
                writes.events = events
                return writes
            }
        }
        try await commit(["wrk_a", "wrk_b", "wrk_a", "wrk_b", "wrk_a", "wrk_b", "wrk_b"])
        try await commit(["wrk_c", "wrk_c"])
        #expect(try await store.leadQueueStatus() == LeadQueueStatus(events: 9, oldestReceivedAt: now))

        let ids = TimeOrderedIdentifierGenerator(clock: clock)
        var steps: [Int] = []
        while let processed = try await store.processQueuedEvents(limit: 3, deciding: { LeadProcessingPlan(ids: ids, now: now).decide($0) }) {
            steps.append(processed.events)
        }
        #expect(steps == [3, 3, 3])
        #expect(try await store.leadQueueStatus() == LeadQueueStatus(events: 0, oldestReceivedAt: nil))
        for (worker, events) in [("wrk_a", 3), ("wrk_b", 4), ("wrk_c", 2)] {
            let progress = try #require(try await store.worker(worker, organizationID: organization.id)?.progress[Ruleset.activityID])
            #expect(progress.score(at: now + 10, window: nil) == events)
        }
    }
}
