import Logging
import Testing

@testable import Inlet

/// What only the PostgreSQL store promises: a group commit costs the same
/// round trips whatever its number of rows.
@Suite("PostgreSQL store")
struct PostgresStoreTests {
    let clock = TestClock()

    /// Commits one batch alone and returns the statements it took; with `keyed`,
    /// its rows carry client event ids and the request an idempotency key.
    private func roundTrips(
        of rows: Int,
        in store: PostgresStore,
        organization: Organization,
        app: DeveloperApp,
        tag: String,
        keyed: Bool = true
    ) async throws -> Int {
        let ids = TimeOrderedIdentifierGenerator(clock: clock)
        let events = (0..<rows).map { row in
            Result<ValidatedEvent, RowError>.success(
                ValidatedEvent(
                    id: ids.make(.event),
                    clientID: keyed ? "\(tag)-\(row)" : nil,
                    eventType: "a",
                    category: "c",
                    actor: Actor(externalID: "\(tag)-\(row)", email: "\(tag)-\(row)@acme.com"),
                    timestamp: 1,
                    timestampCorrected: false,
                    duration: row.isMultiple(of: 2) ? 1 : nil,
                    metadata: row.isMultiple(of: 3) ? nil : #"{"row":\#(row)}"#
                )
            )
        }
        let work = EventBatchWork(organization: organization, app: app, batch: ValidatedBatch(rows: events), receivedAt: 10, ids: ids)
        let claim = IdempotencyClaim(
            scope: IdempotencyScope(organizationID: organization.id, route: "events", key: tag),
            requestHash: "h",
            createdAt: 10,
            expiredBefore: 0
        )
        let writer = GroupCommitWriter(store: store, metrics: InletMetrics())
        let running = Task { try await writer.run() }
        let committed = try await writer.submit(
            work,
            recording: keyed ? AnswerRecording(claim: claim) { _ in StoredResponse(status: 200, body: []) } : nil
        )
        writer.finish()
        try await running.value
        guard case .rows(let outcomes) = committed.outcome else { throw InletError.internalError }
        #expect(outcomes.allSatisfy { $0.status == .accepted && $0.identity == .created })
        return store.lastCommitRoundTrips
    }

    /// Runs `body` with a PostgreSQL store on a fresh database, seeded with an
    /// organization (capped at `maxEventsPerMonth`) and an app.
    private func withSeededStore(
        maxEventsPerMonth: Int?,
        _ body: (PostgresStore, Organization, DeveloperApp) async throws -> Void
    ) async throws {
        let database = try await Backend.postgres.freshDatabase()
        guard case .postgres(let url) = database else { return }
        let store = PostgresStore(url: url, poolSize: 2, timeout: testDatabaseTimeout, logger: Logger(label: "inlet-tests"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await store.run() }
            defer { group.cancelAll() }
            try await store.prepare()
            let tenancy = TenancyService(store: store, ids: TimeOrderedIdentifierGenerator(clock: clock), clock: clock, hasher: cheapHasher)
            let organization = try await tenancy.createOrganization(
                name: "Acme",
                slug: "acme",
                maxEventsPerMonth: maxEventsPerMonth,
                keyRps: nil,
                orgRps: nil
            )
            let app = try await tenancy.createApp(organization: "acme", slug: "crm", name: nil, eventTypes: ["*"])
            try await body(store, organization, app)
        }
    }

    @Test func aGroupCommitOfOneRowAndOf500RowsTakeTheSameRoundTrips() async throws {
        try await withSeededStore(maxEventsPerMonth: 1_000_000) { store, organization, app in
            let one = try await roundTrips(of: 1, in: store, organization: organization, app: app, tag: "one")
            let many = try await roundTrips(of: 500, in: store, organization: organization, app: app, tag: "many")
            // Lookups of identifiers, client ids, the month and the idempotency key; BEGIN; writes of workers,
            // identifiers, the events with the lead processor's reference to them, client ids, the record, the
            // chart's minute and the month; COMMIT.
            #expect(one == 13)
            #expect(many == one)
            let stored = try await store.timeline(TimelineQuery(organizationID: organization.id, limit: 1000))
            #expect(stored.count == 501)
        }
    }

    @Test func aGroupWithoutCapOrKeyTakesOneLookupAndOneChainedWrite() async throws {
        try await withSeededStore(maxEventsPerMonth: nil) { store, organization, app in
            let one = try await roundTrips(of: 1, in: store, organization: organization, app: app, tag: "one", keyed: false)
            let many = try await roundTrips(of: 500, in: store, organization: organization, app: app, tag: "many", keyed: false)
            // The lookup of identifiers; one statement writing workers, identifiers, events, the queue and the month.
            #expect(one == 2 && many == 2)
            let stored = try await store.timeline(TimelineQuery(organizationID: organization.id, limit: 1000))
            #expect(stored.count == 501)
            let people = try await store.workers(organizationID: organization.id, after: nil, limit: 1000, leadsOnly: false)
            #expect(people.count == 501)
        }
    }
}
