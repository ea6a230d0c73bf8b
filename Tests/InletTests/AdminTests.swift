import Foundation
import Synchronization
import Testing

@testable import Inlet

@Suite("Admin API and credentials")
struct AdminTests {
    @Test(arguments: Backend.all)
    func organizationsUnitsAppsAndKeysHaveTheirShapes(backend: Backend) async throws {
        let clock = TestClock()
        try await withLiveServer(try await testConfiguration(backend, clock: clock)) { server in
            clock.advance(seconds: 1)
            let created = try await server.request(
                .post,
                "/api/v1/admin/orgs",
                key: adminToken,
                body: #"{"name": "Acme Corp", "maxEventsPerMonth": 1000}"#
            )
            #expect(created.status == 201)
            #expect(created["slug"] == .string("acme-corp"))
            #expect(created["id"]?.stringValue?.hasPrefix("org_") == true)
            #expect(created["keyRps"] == .int(60) && created["orgRps"] == .int(600))
            #expect(created["createdAt"] == .string("2026-04-19T12:00:01.000Z"))

            let patched = try await server.request(
                .patch,
                "/api/v1/admin/orgs/acme-corp",
                key: adminToken,
                body: #"{"maxEventsPerMonth": null, "keyRps": 5}"#
            )
            #expect(patched.status == 200 && patched["maxEventsPerMonth"] == .null && patched["keyRps"] == .int(5))

            let list = try await server.request(.get, "/api/v1/admin/orgs", key: adminToken)
            #expect(list["items"]?.arrayValue?.map { $0["slug"] } == [.string("default"), .string("acme-corp")])
            #expect(list["nextCursor"] == .null)

            let unit = try await server.request(.post, "/api/v1/admin/orgs/acme-corp/units", key: adminToken, body: #"{"name": "Sales"}"#)
            #expect(unit.status == 201 && unit["id"]?.stringValue?.hasPrefix("unit_") == true)

            let app = try await server.request(
                .post,
                "/api/v1/admin/orgs/acme-corp/apps",
                key: adminToken,
                body: #"{"slug": "crm-hub", "eventTypes": ["ticket.*"]}"#
            )
            #expect(app.status == 201 && app["source"] == .string("custom:crm-hub"))
            let again = try await server.request(
                .post,
                "/api/v1/admin/orgs/acme-corp/apps",
                key: adminToken,
                body: #"{"slug": "crm-hub", "eventTypes": []}"#
            )
            #expect(again.status == 409 && again.errorCode == "already_exists")
            let updated = try await server.request(
                .patch,
                "/api/v1/admin/orgs/acme-corp/apps/crm-hub",
                key: adminToken,
                body: #"{"eventTypes": ["*"]}"#
            )
            #expect(updated["eventTypes"] == .array([.string("*")]))

            let key = try await server.request(
                .post,
                "/api/v1/admin/orgs/acme-corp/apps/crm-hub/keys",
                key: adminToken,
                body: #"{"unit": "\#(unit["id"]?.stringValue ?? "")"}"#
            )
            #expect(key.status == 201)
            let secret = try #require(key["key"]?.stringValue)
            #expect(secret.hasPrefix("wp_live_") && secret.count >= 8 + 32)
            #expect(secret.dropFirst(8).allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) })
            let keys = try await server.request(.get, "/api/v1/admin/orgs/acme-corp/apps/crm-hub/keys", key: adminToken)
            #expect(keys["items"]?.arrayValue?.count == 1)
            #expect(!keys.body.contains(secret) && keys["items"]?.arrayValue?[0]["key"] == nil)
            #expect(keys["items"]?.arrayValue?[0]["prefix"] == .string(String(secret.prefix(16))))

            #expect(
                try await server.request(.post, "/api/v1/admin/orgs/missing/apps", key: adminToken, body: #"{"slug": "x", "eventTypes": []}"#).status
                    == 404
            )
            #expect(
                try await server.request(.post, "/api/v1/admin/orgs/acme-corp/apps/crm-hub/keys", key: adminToken, body: #"{"unit": "unit_nope"}"#)
                    .status == 404
            )
        }
    }

    @Test(arguments: Backend.all)
    func revocationTakesEffectAtOnceAndBasicAuthWorks(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            let (_, key) = try await server.makeOrganization(slug: "acme")
            #expect(try await server.request(.get, "/api/v1/ingest/ping", key: key).status == 200)
            let basicUser = try await server.request(
                .get,
                "/api/v1/ingest/ping",
                headers: ["Authorization": "Basic " + Data((key + ":").utf8).base64EncodedString()]
            )
            #expect(basicUser.status == 200 && basicUser["app"] == .string("app"))
            let basicPassword = try await server.request(
                .get,
                "/api/v1/ingest/ping",
                headers: ["Authorization": "Basic " + Data((":" + key).utf8).base64EncodedString()]
            )
            #expect(basicPassword.status == 200)

            let keys = try await server.request(.get, "/api/v1/admin/orgs/acme/apps/app/keys", key: adminToken)
            let keyID = try #require(keys["items"]?.arrayValue?[0]["id"]?.stringValue)
            let revoke = try await server.request(.delete, "/api/v1/admin/orgs/acme/apps/app/keys/\(keyID)", key: adminToken)
            #expect(revoke.status == 204)
            let after = try await server.request(.get, "/api/v1/ingest/ping", key: key)
            #expect(after.status == 401 && after.errorCode == "invalid_key")
            let listed = try await server.request(.get, "/api/v1/admin/orgs/acme/apps/app/keys", key: adminToken)
            #expect(listed["items"]?.arrayValue?[0]["revoked"] == .bool(true))
            #expect(try await server.request(.delete, "/api/v1/admin/orgs/acme/apps/app/keys/key_nope", key: adminToken).status == 404)
        }
    }

    @Test(arguments: Backend.all)
    func keysAreStoredAsBcryptHashesOfCostTenByDefault(backend: Backend) async throws {
        try await withStore(backend) { store in try await Self.checkBcryptHashes(in: store) }
    }

    private static func checkBcryptHashes(in store: any InletStore) async throws {
        let clock = TestClock()
        let tenancy = TenancyService(store: store, ids: TimeOrderedIdentifierGenerator(clock: clock), clock: clock, hasher: BcryptHasher())
        let start = try #require(try await tenancy.bootstrapIfEmpty(adminTokenConfigured: false))
        let stored = try await store.keyCandidates(prefix: String(start.appKey.prefix(16)))
        #expect(stored.count == 1)
        #expect(stored[0].hash.hasPrefix("$2b$10$") || stored[0].hash.hasPrefix("$2a$10$") || stored[0].hash.hasPrefix("$2y$10$"))
        #expect(!stored[0].hash.contains(start.appKey))
        #expect(try await BcryptHasher().verify(start.appKey, hash: stored[0].hash))
        let streams = try await store.streamKeyCandidates(prefix: String(start.streamKey.prefix(16)))
        #expect(streams.count == 1 && streams[0].key.hash.hasPrefix("$2") && streams[0].key.hash.contains("$10$"))
        #expect(try await BcryptHasher().verify(start.streamKey, hash: streams[0].key.hash))
        #expect(start.adminToken != nil)
        #expect(try await tenancy.bootstrapIfEmpty(adminTokenConfigured: false) == nil)
    }

    @Test(arguments: Backend.all)
    func generatedAdminTokenWorksWhenNoneIsConfigured(backend: Backend) async throws {
        var configuration = try await testConfiguration(backend)
        configuration.adminToken = nil
        let token = Mutex<String?>(nil)
        let app = try await buildApplication(configuration: configuration) { start in token.withLock { $0 = start.adminToken } }
        try await app.test(.live) { client in
            let server = LiveServer(client: client, appKey: "", organizationID: "")
            let secret = try #require(token.withLock { $0 })
            #expect(try await server.request(.get, "/api/v1/admin/orgs", key: secret).status == 200)
            #expect(try await server.request(.get, "/api/v1/admin/orgs", key: adminToken).status == 401)
        }
    }
}
