import Foundation
import Testing

@testable import Inlet

/// Makes a fresh, prepared store of one implementation.
struct StoreFactory: Sendable, CustomTestStringConvertible {
    let name: String
    let make: @Sendable () async throws -> any InletStore

    var testDescription: String { name }

    /// Every implementation the suite runs against.
    static var all: [StoreFactory] {
        [
            StoreFactory(name: "SQLite") {
                let store = try SQLiteStore(path: temporaryDatabasePath())
                try await store.prepare()
                return store
            }
        ]
    }
}

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

    @Test(arguments: StoreFactory.all)
    func tenancyRoundTripsAndRejectsDuplicates(factory: StoreFactory) async throws {
        let store = try await factory.make()
        let (organization, app) = try await seeded(store)
        #expect(try await store.organization("acme") == organization)
        #expect(try await store.organization(organization.id) == organization)
        #expect(try await store.app("crm", organizationID: organization.id) == app)
        #expect(try await store.app("crm", organizationID: "org_other") == nil)
        #expect(try await store.units(organizationID: organization.id).map(\.id) == [OrgUnit.defaultID])
        await #expect(throws: StoreError.alreadyExists) {
            try await store.insert(organization, defaultUnit: OrgUnit(id: OrgUnit.defaultID, organizationID: organization.id, name: "x", createdAt: 0))
        }
        var changed = organization
        changed.maxEventsPerMonth = 10
        try await store.update(changed)
        #expect(try await store.organization("acme")?.maxEventsPerMonth == 10)
        #expect(try await store.isEmpty() == false)
        #expect(await store.isReady())
    }

    @Test(arguments: StoreFactory.all)
    func keysAreFoundByPrefixUntilRevoked(factory: StoreFactory) async throws {
        let store = try await factory.make()
        let (organization, app) = try await seeded(store)
        let key = AppKeyRecord(id: "key_1", organizationID: organization.id, appID: app.id, unitID: nil, prefix: "wp_live_abcdefgh", hash: "h", createdAt: 1)
        try await store.insert(key)
        #expect(try await store.keyCandidates(prefix: "wp_live_abcdefgh") == [key])
        try await store.markKeyUsed("key_1", at: 5)
        #expect(try await store.keys(appID: app.id).first?.lastUsedAt == 5)
        #expect(try await store.revokeKey("key_1", appID: app.id, at: 9))
        #expect(try await store.keyCandidates(prefix: "wp_live_abcdefgh").isEmpty)
        #expect(try await store.keys(appID: app.id).first?.revokedAt == 9)
        #expect(try await store.revokeKey("key_1", appID: "app_other", at: 9) == false)
    }

    @Test(arguments: StoreFactory.all)
    func groupCommitIsolatesAFailingWriteAndKeepsTheOthers(factory: StoreFactory) async throws {
        let store = try await factory.make()
        let (organization, app) = try await seeded(store)
        let writer = GroupCommitWriter(store: store, metrics: InletMetrics())
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await writer.run() }
            let ids = TimeOrderedIdentifierGenerator(clock: clock)
            let processor = EventBatchProcessor(organization: organization, app: app, ids: ids)
            let batch = ValidatedBatch(rows: [.success(ValidatedEvent(
                id: ids.make(.event), clientID: nil, eventType: "a", category: "c", actor: Actor(email: "a@b.c"), timestamp: 1, timestampCorrected: false,
                duration: nil, metadata: #"{"k":1}"#))])
            let kept = Task { try await writer.submit { try processor.apply(batch, receivedAt: 10, in: $0) } }
            let failed = Task {
                try await writer.submit { transaction in
                    _ = try processor.apply(batch, receivedAt: 10, in: transaction)
                    throw InletError.invalidBody("undo me")
                }
            }
            let dryRun = Task { try await writer.submit(rollback: true) { try processor.apply(batch, receivedAt: 10, in: $0) } }
            guard case .rows(let keptRows) = try await kept.value, case .rows(let dryRows) = try await dryRun.value else {
                Issue.record("expected row outcomes")
                return
            }
            #expect(keptRows.map(\.status) == [.accepted] && dryRows.map(\.status) == [.accepted])
            await #expect(throws: InletError.invalidBody("undo me")) { try await failed.value }
            writer.finish()
            try await group.waitForAll()
        }
        let events = try await store.timeline(TimelineQuery(organizationID: organization.id))
        #expect(events.count == 1)
        #expect(events.first?.event.metadata == #"{"k":1}"#)
        #expect(try await store.workers(organizationID: organization.id, after: nil, limit: 10, activitySince: 0).count == 1)
    }

    @Test(arguments: StoreFactory.all)
    func ingestTransactionPrimitives(factory: StoreFactory) async throws {
        let store = try await factory.make()
        let (organization, app) = try await seeded(store)
        let writer = GroupCommitWriter(store: store, metrics: InletMetrics())
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await writer.run() }
            try await writer.submit { tx in
                try tx.createWorker(id: "wrk_1", organizationID: organization.id, appID: app.id, createdAt: 1)
                try tx.attach(.email("A@B.c"), to: "wrk_1", organizationID: organization.id)
                try tx.attach(.email("a@b.c"), to: "wrk_2", organizationID: organization.id)
                #expect(try tx.worker(with: .email("a@B.C"), organizationID: organization.id) == "wrk_1")
                #expect(try tx.worker(with: .email("a@b.c"), organizationID: "org_other") == nil)
                #expect(try tx.workerExists("wrk_1", organizationID: organization.id))
                #expect(try !tx.workerExists("wrk_1", organizationID: "org_other"))
                #expect(try tx.clientEvent("c-1", appID: app.id) == nil)
                try tx.recordClientEvent("c-1", appID: app.id, eventID: "evt_1", workerID: "wrk_1")
                #expect(try tx.clientEvent("c-1", appID: app.id)?.eventID == "evt_1")
                try tx.addEventCount(3, organizationID: organization.id, month: "2026-04")
                try tx.addEventCount(2, organizationID: organization.id, month: "2026-04")
                #expect(try tx.eventCount(organizationID: organization.id, month: "2026-04") == 5)
                #expect(try tx.eventCount(organizationID: organization.id, month: "2026-05") == 0)
                let snapshot = StoredSnapshot(
                    id: "snp_1", organizationID: organization.id, appID: app.id, workerID: "wrk_1", snapshotType: "q",
                    metrics: [Metric(name: "open", value: .int(1))], timestamp: 1, receivedAt: 1)
                #expect(try tx.replaceSnapshot(snapshot) == false)
                var next = snapshot
                next.id = "snp_2"
                #expect(try tx.replaceSnapshot(next) == true)
                let record = IdempotencyRecord(
                    organizationID: organization.id, route: "events", key: "k", requestHash: "h",
                    response: StoredResponse(status: 200, body: [1, 2]), createdAt: 100)
                try tx.saveResponse(record, replacingRecordsBefore: 0)
                #expect(throws: IdempotencyConflict.self) { try tx.saveResponse(record, replacingRecordsBefore: 50) }
                var later = record
                later.createdAt = 200
                try tx.saveResponse(later, replacingRecordsBefore: 150)
            }
            // A rolled-back write's counts are gone; a committed write's counts persist.
            await #expect(throws: IdempotencyConflict.self) {
                try await writer.submit { tx in
                    try tx.addEventCount(100, organizationID: organization.id, month: "2026-04")
                    throw IdempotencyConflict()
                }
            }
            let count = try await writer.submit { tx in
                try tx.eventCount(organizationID: organization.id, month: "2026-04")
            }
            #expect(count == 5)
            writer.finish()
            try await group.waitForAll()
        }
        let snapshots = try await store.snapshots(workerIDs: ["wrk_1"], organizationID: organization.id)["wrk_1"] ?? []
        #expect(snapshots.map(\.id) == ["snp_1", "snp_2"])
        #expect(snapshots[0].replacedAt != nil && snapshots[1].replacedAt == nil)
        #expect(try await store.idempotencyRecord(organizationID: organization.id, route: "events", key: "k", notBefore: 0)?.createdAt == 200)
        #expect(try await store.idempotencyRecord(organizationID: organization.id, route: "events", key: "k", notBefore: 201) == nil)
        #expect(try await store.deleteIdempotencyRecords(before: 201) == 1)
        let worker = try await store.worker("wrk_1", organizationID: organization.id, activitySince: 0)
        #expect(worker?.identifiers == [WorkerIdentifierView(kind: "email", value: "a@b.c", app: nil)])
    }

    @Test(arguments: StoreFactory.all)
    func durabilitySettingsAreReadBack(factory: StoreFactory) async throws {
        let store = try await factory.make()
        try await store.prepare()
        #expect(await store.isReady())
    }
}
