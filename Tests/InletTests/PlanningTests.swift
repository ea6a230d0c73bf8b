import Testing

@testable import Inlet

/// The decisions of a group commit, as pure code over in-memory facts.
@Suite("Group-commit planning")
struct PlanningTests {
    let clock = TestClock()
    let organization = Organization(
        id: "org_1",
        slug: "acme",
        name: "Acme",
        maxEventsPerMonth: nil,
        keyRps: 60,
        orgRps: 600,
        createdAt: 0
    )
    let app = DeveloperApp(id: "app_1", organizationID: "org_1", slug: "crm", name: "crm", eventTypes: ["*"], createdAt: 0)

    private func work(_ actors: [Actor], clientIDs: [String?]? = nil, cap: Int? = nil) -> EventBatchWork {
        let ids = TimeOrderedIdentifierGenerator(clock: clock)
        let rows = actors.enumerated().map { index, actor in
            Result<ValidatedEvent, RowError>.success(
                ValidatedEvent(
                    id: ids.make(.event),
                    clientID: clientIDs?[index],
                    eventType: "a",
                    category: "c",
                    actor: actor,
                    timestamp: 1,
                    timestampCorrected: false,
                    duration: nil,
                    metadata: nil
                )
            )
        }
        var organization = organization
        organization.maxEventsPerMonth = cap
        return EventBatchWork(organization: organization, app: app, batch: ValidatedBatch(rows: rows), receivedAt: 10, ids: ids)
    }

    private func rows(_ outcome: EventBatchOutcome) -> [RowOutcome] {
        guard case .rows(let rows) = outcome else { return [] }
        return rows
    }

    @Test func theSameNewPersonInTwoRequestsIsOneWorker() {
        var plan = IngestPlan(facts: IngestFacts())
        let first = rows(work([Actor(email: "Alex@acme.com")]).plan(in: &plan))
        let second = rows(work([Actor(externalID: "x-1", email: "alex@ACME.com")]).plan(in: &plan))
        #expect(first[0].identity == .created && second[0].identity == .matched)
        #expect(first[0].workerID == second[0].workerID)
        #expect(plan.writes.workers.count == 1)
        #expect(Set(plan.writes.identifiers.keys.map(\.identifier.kind)) == [.email, .externalID])
    }

    @Test func rowsNamingTheSameActorResolveAsItsFirstResolvedRowDid() {
        var facts = IngestFacts()
        facts.clientEvents = [
            ClientEventKey(organizationID: "org_1", appID: "app_1", clientID: "old"): ClientEvent(eventID: "evt_0", workerID: "wrk_0")
        ]
        var plan = IngestPlan(facts: facts)
        let batch = work(
            [
                Actor(email: "a@b.c"), Actor(email: "a@b.c"), Actor(workerID: "wrk_missing"), Actor(email: "A@b.c"), Actor(email: "a@b.c"),
                Actor(workerID: "wrk_missing"),
            ],
            clientIDs: ["old", nil, nil, nil, nil, nil]
        )
        var lookup = IngestLookup()
        batch.collect(into: &lookup)
        let outcome = rows(batch.plan(in: &plan))
        #expect(outcome.map(\.status) == [.duplicate, .accepted, .rejected, .accepted, .accepted, .rejected])
        #expect(outcome.map(\.identity) == [nil, .created, nil, .matched, .matched, nil])
        #expect(Set(outcome[1...].compactMap(\.workerID)).count == 1 && outcome[5].error?.code == .unknownWorker)
        #expect(plan.writes.workers.count == 1 && plan.writes.events.count == 3)
        #expect(lookup.identifiers == [IdentifierKey(organizationID: "org_1", identifier: .email("a@b.c"))])
        #expect(lookup.workers == [WorkerKey(organizationID: "org_1", workerID: "wrk_missing")])
    }

    @Test func resolutionOrderIsWorkerIdThenExternalIdThenEmail() {
        var facts = IngestFacts()
        facts.workers = [WorkerKey(organizationID: "org_1", workerID: "wrk_a")]
        facts.identifiers = [
            IdentifierKey(organizationID: "org_1", identifier: .externalID("x", appID: "app_1")): "wrk_b",
            IdentifierKey(organizationID: "org_1", identifier: .email("e@x.y")): "wrk_c",
        ]
        var plan = IngestPlan(facts: facts)
        let outcome = rows(
            work([
                Actor(workerID: "wrk_a", externalID: "x"), Actor(externalID: "x", email: "e@x.y"), Actor(email: "E@x.y"),
                Actor(workerID: "wrk_missing"),
            ]).plan(in: &plan)
        )
        #expect(outcome.map(\.workerID) == ["wrk_a", "wrk_b", "wrk_c", nil])
        #expect(outcome[3].error?.code == .unknownWorker)
        #expect(plan.writes.workers.isEmpty && plan.writes.identifiers.isEmpty)
    }

    @Test func aRepeatedClientIdIsADuplicateWithinAndAcrossRequests() {
        var facts = IngestFacts()
        facts.clientEvents = [
            ClientEventKey(organizationID: "org_1", appID: "app_1", clientID: "old"): ClientEvent(eventID: "evt_0", workerID: "wrk_0")
        ]
        var plan = IngestPlan(facts: facts)
        let first = rows(work([Actor(email: "a@b.c"), Actor(email: "a@b.c")], clientIDs: ["new", "old"]).plan(in: &plan))
        let second = rows(work([Actor(email: "a@b.c")], clientIDs: ["new"]).plan(in: &plan))
        #expect(first.map(\.status) == [.accepted, .duplicate] && first[1].eventID == "evt_0")
        #expect(second[0].status == .duplicate && second[0].eventID == first[0].eventID)
        #expect(plan.writes.events.count == 1 && plan.writes.clientEvents.count == 1)
    }

    @Test func theMonthlyCapCountsEarlierRequestsOfTheGroup() {
        var facts = IngestFacts()
        facts.eventCounts = [UsageKey(organizationID: "org_1", month: "1970-01"): 1]
        var plan = IngestPlan(facts: facts)
        let first = rows(work([Actor(email: "a@b.c")], cap: 3).plan(in: &plan))
        let second = rows(work([Actor(email: "a@b.c"), Actor(email: "a@b.c")], cap: 3).plan(in: &plan))
        #expect(first.map(\.status) == [.accepted])
        #expect(second.map(\.status) == [.accepted, .rejected] && second[1].error?.code == .planLimit)
        #expect(work([Actor(email: "a@b.c")], cap: 3).plan(in: &plan) == .planLimitReached(cap: 3))
        #expect(plan.writes.eventCounts == [UsageKey(organizationID: "org_1", month: "1970-01"): 2])
    }

    @Test func anUnexpiredRecordRefusesTheClaimAndAnExpiredOneIsReplaced() {
        let scope = IdempotencyScope(organizationID: "org_1", route: "events", key: "k")
        var facts = IngestFacts()
        facts.idempotencyRecords = [scope: 50]
        var plan = IngestPlan(facts: facts)
        #expect(plan.isRecorded(scope, notBefore: 40))
        #expect(!plan.isRecorded(scope, notBefore: 60))
        let claim = IdempotencyClaim(scope: scope, requestHash: "h", createdAt: 100, expiredBefore: 60)
        plan.record(claim.record(StoredResponse(status: 200, body: [])))
        #expect(plan.writes.expiredIdempotencyRecords == [scope: 50])
        #expect(plan.isRecorded(scope, notBefore: 60))
    }

    @Test func snapshotsReplaceStoredAndInGroupCurrentOnes() {
        let ids = TimeOrderedIdentifierGenerator(clock: clock)
        var facts = IngestFacts()
        let slot = SnapshotSlot(organizationID: "org_1", workerID: "wrk_a", snapshotType: "q")
        facts.workers = [WorkerKey(organizationID: "org_1", workerID: "wrk_a")]
        facts.currentSnapshots = [slot: 5]
        var plan = IngestPlan(facts: facts)
        let snapshot = ValidatedSnapshot(snapshotType: "q", actor: Actor(workerID: "wrk_a"), metrics: [], timestamp: 1)
        let first = SnapshotWork(organization: organization, app: app, snapshot: snapshot, receivedAt: 10, ids: ids).plan(in: &plan)
        let second = SnapshotWork(organization: organization, app: app, snapshot: snapshot, receivedAt: 11, ids: ids).plan(in: &plan)
        #expect((try? first.get().replaced) == true && (try? second.get().replaced) == true)
        #expect(plan.writes.replacedSnapshots == [slot: 10])
        #expect(plan.writes.snapshots.map(\.replacedAt) == [11, nil])
        #expect(plan.writes.snapshots.map(\.typeRank) == [5, 5])
        let unknown = ValidatedSnapshot(snapshotType: "q", actor: Actor(workerID: "wrk_missing"), metrics: [], timestamp: 1)
        let refused = SnapshotWork(organization: organization, app: app, snapshot: unknown, receivedAt: 12, ids: ids).plan(in: &plan)
        #expect(throws: InletError.self) { try refused.get() }
        #expect(plan.writes.snapshots.count == 2)
    }
}
