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

    /// What one organization holds, made through the routes a client uses.
    private struct Holdings {
        let slug: String
        let key: String
        let streamKey: String
        let worker: String
        let events: [String]
        let lead: String
        let deadLetter: String
    }

    private func hold(_ server: LiveServer, slug: String) async throws -> Holdings {
        let (_, key) = try await server.makeOrganization(slug: slug)
        let posted = try await server.postEvents(
            batch(
                event(#""metadata": {"org": "\#(slug)"}"#, actor: #"{"email": "same@person.com"}"#),
                event(actor: #"{"email": "same@person.com"}"#)
            ),
            key: key
        )
        let events = posted["results"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
        let worker = try #require(posted["results"]?.arrayValue?.first?["workerId"]?.stringValue)
        #expect(try await server.request(.post, "/org-units/active", key: key, body: #"{"ouId": "unit_default"}"#).status == 200)
        let lead = try await server.ingest(#"{"alias_kind": "email", "alias": "lead@same.com", "event_type": "page_view"}"#, key: key)
        #expect(lead.status == 202)
        #expect(try await server.ingest(#"{"lead_id": "wrk_missing", "event_type": "page_view"}"#, key: key).status == 202)
        let stream = try await server.request(
            .post,
            "/api/v1/admin/orgs/\(slug)/streams",
            key: adminToken,
            body: #"{"name": "shared", "itemKey": "id"}"#
        )
        let streamKey = try #require(stream["key"]?.stringValue)
        let item = try await server.request(.post, "/api/webhook/shared", key: streamKey, body: #"{"id": "item-1", "org": "\#(slug)"}"#)
        #expect(item.status == 202)

        var leadID: String?
        var deadLetter: String?
        let deadline = ContinuousClock.now + .seconds(10)
        while leadID == nil || deadLetter == nil, ContinuousClock.now < deadline {
            leadID = try await server.request(.get, "/leads?alias_kind=email&alias=lead@same.com", key: key)["id"]?.stringValue
            deadLetter = try await server.request(.get, "/api/v1/dead-letters", key: key)["items"]?.arrayValue?.first?["id"]?.stringValue
            try await Task.sleep(for: .milliseconds(50))
        }
        return Holdings(
            slug: slug,
            key: key,
            streamKey: streamKey,
            worker: worker,
            events: events,
            lead: try #require(leadID),
            deadLetter: try #require(deadLetter)
        )
    }

    @Test(arguments: Backend.all)
    func everyReadRouteGivenAnotherOrganizationsIdsFindsNothingOfIt(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            let acme = try await hold(server, slug: "acme")
            let globex = try await hold(server, slug: "globex")
            #expect(acme.worker != globex.worker && acme.lead != globex.lead)
            let key = globex.key

            // People, leads and dead letters by acme's ids.
            #expect(try await server.request(.get, "/api/v1/workers/\(acme.worker)", key: key).errorCode == "not_found")
            #expect(try await server.request(.get, "/leads/\(acme.lead)", key: key).errorCode == "not_found")
            #expect(try await server.request(.get, "/leads/\(acme.worker)", key: key).errorCode == "not_found")
            #expect(try await server.request(.post, "/api/v1/dead-letters/\(acme.deadLetter)/replay", key: key).errorCode == "not_found")
            #expect(try await server.request(.get, "/api/v1/timeline?workerId=\(acme.worker)", key: key)["items"] == .array([]))

            // Lists hold only globex's rows.
            let timeline = try await server.request(.get, "/api/v1/timeline?limit=100", key: key)
            let listed = Set(timeline["items"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? [])
            #expect(listed.isDisjoint(with: acme.events) && listed.isSuperset(of: globex.events))
            let workers = try await server.request(.get, "/api/v1/workers?limit=100", key: key)["items"]?.arrayValue ?? []
            #expect(!workers.isEmpty && !workers.contains { $0["id"] == .string(acme.worker) || $0["id"] == .string(acme.lead) })
            let letters = try await server.request(.get, "/api/v1/dead-letters", key: key)["items"]?.arrayValue ?? []
            #expect(letters.compactMap { $0["id"]?.stringValue } == [globex.deadLetter])
            #expect(try await server.request(.get, "/leads?alias_kind=email&alias=lead@same.com", key: key)["id"] == .string(globex.lead))

            // Exports hold only globex's rows, and do not resume after acme's event or item.
            let exported = try await server.request(.get, "/api/v1/export/events", key: key).body.split(separator: "\n")
            let exportedIDs = Set(try exported.compactMap { try JSONParser.parse(Array($0.utf8))["id"]?.stringValue })
            #expect(exportedIDs.isDisjoint(with: acme.events) && exportedIDs.isSuperset(of: globex.events))
            #expect(try await server.request(.get, "/api/v1/export/events?after=\(acme.events[0])", key: key).errorCode == "not_found")
            let exportedItems = try await server.request(.get, "/api/streams/shared/export", key: globex.streamKey).body
            #expect(exportedItems.contains(#""org":"globex""#) && !exportedItems.contains("acme"), "\(exportedItems)")

            // A cursor of acme's timeline does not page into acme's rows.
            let acmePage = try await server.request(.get, "/api/v1/timeline?limit=1", key: acme.key)
            let cursor = try #require(acmePage["nextCursor"]?.stringValue)
            let paged = try await server.request(.get, "/api/v1/timeline?cursor=\(cursor)", key: key)
            let pagedIDs = paged["items"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
            #expect(Set(pagedIDs).isDisjoint(with: acme.events), "\(paged.body)")

            // The same stream name and item id in both: each key reads its own.
            let item = try await server.request(.get, "/api/streams/shared/items/item-1", key: globex.streamKey)
            #expect(item.status == 200 && item["fields"]?["org"] == .string("globex"), "\(item.body)")
            let items = try await server.request(.get, "/api/streams/shared/items", key: globex.streamKey)["items"]?.arrayValue ?? []
            #expect(items.count == 1 && items.first?["fields"]?["org"] == .string("globex"))
            #expect(try await server.request(.get, "/api/streams/shared/items/item-1", key: key)["fields"]?["org"] == .string("globex"))

            // The live stream resumed from acme's event id sends no acme event.
            let live = try LiveClient(
                port: try #require(server.client.port),
                headers: ["Authorization": "Bearer " + key, "Last-Event-ID": acme.events[0]]
            )
            #expect(try await live.awaitHead() == 200)
            _ = try await server.postEvents(batch(event()), key: acme.key)
            let mine = try await server.postEvents(batch(event()), key: key)
            let mineID = try #require(mine["results"]?.arrayValue?.first?["id"]?.stringValue)
            var seen: [String] = []
            while let frame = try await live.nextEvent(), let id = frame.id {
                seen.append(id)
                if id == mineID { break }
            }
            #expect(seen.contains(mineID) && Set(seen).isDisjoint(with: acme.events))

            // The dashboard, asked for globex, does not show acme's person.
            let cookie = try await server.request(
                .post,
                "/dashboard/signin",
                body: "token=" + adminToken,
                contentType: "application/x-www-form-urlencoded"
            )
            let session = String(try #require(cookie.header("Set-Cookie")).prefix { $0 != ";" })
            let page = try await server.request(.get, "/dashboard/people/\(acme.worker)?org=globex", headers: ["Cookie": session])
            #expect(page.status == 404)
        }
    }
}
