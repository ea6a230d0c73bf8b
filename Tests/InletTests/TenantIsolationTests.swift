import Testing

@testable import Inlet

@Suite("Tenant isolation")
struct TenantIsolationTests {
    @Test(arguments: Backend.all)
    func noRouteShowsAnotherOrganizationsData(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            let (acmeID, acme) = try await server.makeOrganization(slug: "acme")
            let (_, globex) = try await server.makeOrganization(slug: "globex")
            let acmeEvent = try await server.postEvents(batch(event(actor: #"{"email": "same@person.com", "externalId": "x-1"}"#)), key: acme)
            let globexEvent = try await server.postEvents(batch(event(actor: #"{"email": "same@person.com", "externalId": "x-1"}"#)), key: globex)
            let acmeWorker = try #require(acmeEvent["results"]?.arrayValue?[0]["workerId"]?.stringValue)
            let globexWorker = try #require(globexEvent["results"]?.arrayValue?[0]["workerId"]?.stringValue)
            #expect(acmeWorker != globexWorker)
            #expect(globexEvent["results"]?.arrayValue?[0]["identity"] == .string("created"))

            let snapshot = #"{"snapshotType": "q", "actor": {"email": "same@person.com"}, "metrics": {"open": 3}}"#
            #expect(try await server.request(.post, "/api/v1/ingest/snapshots", key: acme, body: snapshot)["workerId"] == .string(acmeWorker))
            let crossSnapshot = #"{"snapshotType": "q", "actor": {"workerId": "\#(acmeWorker)"}, "metrics": {"open": 3}}"#
            #expect(try await server.request(.post, "/api/v1/ingest/snapshots", key: globex, body: crossSnapshot).errorCode == "unknown_worker")
            #expect(try await server.postEvents(batch(event(actor: #"{"workerId": "\#(acmeWorker)"}"#)), key: globex).errorCode == "unknown_worker")

            let globexTimeline = try await server.request(.get, "/api/v1/timeline", key: globex)
            #expect(globexTimeline["items"]?.arrayValue?.map { $0["workerId"] } == [.string(globexWorker)])
            let globexWorkers = try await server.request(.get, "/api/v1/workers", key: globex)
            #expect(globexWorkers["items"]?.arrayValue?.map { $0["id"] } == [.string(globexWorker)])
            #expect(try await server.request(.get, "/api/v1/workers/\(acmeWorker)", key: globex).status == 404)
            #expect(try await server.request(.get, "/api/v1/timeline?workerId=\(acmeWorker)", key: globex)["items"] == .array([]))
            #expect(try await server.request(.get, "/api/v1/timeline?org=\(acmeID)", key: globex).errorCode == "forbidden")
            #expect(try await server.request(.get, "/api/v1/workers?org=acme", key: globex).errorCode == "forbidden")

            let ping = try await server.request(.get, "/api/v1/ingest/ping", key: globex)
            #expect(ping["organizationId"] != .string(acmeID))

            let adminView = try await server.request(.get, "/api/v1/timeline?org=acme", key: adminToken)
            #expect(adminView["items"]?.arrayValue?.map { $0["workerId"] } == [.string(acmeWorker)])
            #expect(try await server.request(.get, "/api/v1/timeline", key: adminToken).errorCode == "invalid_body")
            #expect(try await server.request(.get, "/api/v1/timeline?org=nope", key: adminToken).errorCode == "not_found")
        }
    }
}
