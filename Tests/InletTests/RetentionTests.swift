import Foundation
import Testing

@testable import Inlet

@Suite("Retention")
struct RetentionTests {
    private static let day = 86_400.0

    /// Events 40 and 10 days before the test clock's now, a snapshot replaced
    /// by another, a dead letter, and an item of a stream that keeps one day.
    private static func store(_ server: LiveServer) async throws -> (old: String, recent: String) {
        let events = batch(
            event(#""timestamp": "2026-03-10T12:00:00Z""#, type: "old.one"),
            event(#""timestamp": "2026-04-09T12:00:00Z""#, type: "recent.one")
        )
        let ids = try await server.postEvents(events)["results"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
        for waiting in [3, 5] {
            let body =
                #"{"snapshotType": "queue", "timestamp": "2026-03-0\#(waiting)T12:00:00Z", "actor": {"email": "alex@acme.com"}, "metrics": {"waiting": \#(waiting)}}"#
            #expect(try await server.request(.post, "/api/v1/ingest/snapshots", key: server.appKey, body: body).status == 200)
        }
        #expect(try await server.request(.post, "/org-units/active", key: server.appKey, body: #"{"ouId": "unit_default"}"#).status == 200)
        #expect(try await server.ingest(#"{"lead_id": "wrk_nobody", "event_type": "page_view"}"#).status == 202)
        _ = try await server.eventually("/api/v1/dead-letters") { $0["items"]?.arrayValue?.count == 1 }
        let stream = try await server.request(
            .post,
            "/api/v1/admin/orgs/default/streams",
            key: adminToken,
            body: #"{"name": "orders", "retentionDays": 1}"#
        )
        #expect(stream.status == 201 && stream["retentionDays"] == .number("1"), "\(stream.body)")
        let item = try await server.request(
            .post,
            "/api/webhook/orders",
            key: try #require(stream["key"]?.stringValue),
            headers: ["X-Item-Key": "id"],
            body: #"{"id": "o-1", "total": 5}"#
        )
        #expect(item.status == 202, "\(item.body)")
        return (ids[0], ids[1])
    }

    private static func ids(_ reply: Reply) -> [String] {
        reply["items"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
    }

    @Test(arguments: Backend.all)
    func rowsPastTheLimitLeaveEveryReadAtOnce(backend: Backend) async throws {
        let clock = TestClock()
        var configuration = try await testConfiguration(backend, clock: clock)
        configuration.retentionInterval = .seconds(3600)
        try await withLiveServer(configuration) { server in
            let (old, recent) = try await Self.store(server)
            let worker = try #require(
                try await server.request(.get, "/api/v1/workers", key: server.appKey)["items"]?.arrayValue?.first?["id"]?.stringValue
            )
            #expect(try await server.request(.get, "/api/v1/timeline", key: server.appKey)["items"]?.arrayValue?.count == 2)
            let before = try await server.request(.get, "/api/v1/workers/\(worker)", key: server.appKey)
            #expect(before["snapshots"]?["history"]?.arrayValue?.count == 1, "\(before.body)")

            let limited = try await server.request(.patch, "/api/v1/admin/orgs/default", key: adminToken, body: #"{"retentionDays": 30}"#)
            #expect(limited.status == 200 && limited["retentionDays"] == .number("30"), "\(limited.body)")
            #expect(Self.ids(try await server.request(.get, "/api/v1/timeline", key: server.appKey)) == [recent])
            let export = try await server.request(.get, "/api/v1/export/events", key: server.appKey)
            #expect(export.body.contains(recent) && !export.body.contains(old))
            #expect(Self.ids(try await server.request(.get, "/api/v1/timeline?from=2026-01-01T00:00:00Z", key: server.appKey)) == [recent])
            // The current snapshot stays; its history older than the limit goes.
            let person = try await server.request(.get, "/api/v1/workers/\(worker)", key: server.appKey)
            #expect(person["snapshots"]?["current"]?.arrayValue?.count == 1, "\(person.body)")
            #expect(person["snapshots"]?["history"] == .array([]), "\(person.body)")
            #expect(try await server.request(.get, "/api/v1/dead-letters", key: server.appKey)["items"]?.arrayValue?.count == 1)

            // 31 days on: the dead letter and the stream's item have passed theirs too.
            clock.advance(seconds: 31 * Self.day)
            #expect(try await server.request(.get, "/api/v1/dead-letters", key: server.appKey)["items"] == .array([]))
            #expect(try await server.request(.get, "/api/v1/timeline", key: server.appKey)["items"] == .array([]))
            let items = try await server.request(.get, "/api/streams/orders/items?org=default", key: adminToken)
            #expect(items["items"] == .array([]), "\(items.body)")
            #expect(try await server.request(.get, "/api/streams/orders/items/o-1?org=default", key: adminToken).errorCode == "not_found")
            #expect(try await server.request(.get, "/api/streams/orders/export?org=default", key: adminToken).body.isEmpty)

            // Kept forever again, nothing was deleted yet: it all comes back.
            let forever = try await server.request(.patch, "/api/v1/admin/orgs/default", key: adminToken, body: #"{"retentionDays": null}"#)
            #expect(forever["retentionDays"] == .null)
            #expect(Set(Self.ids(try await server.request(.get, "/api/v1/timeline", key: server.appKey))) == [old, recent])
            let kept = try await server.request(
                .patch,
                "/api/v1/admin/orgs/default/streams/orders",
                key: adminToken,
                body: #"{"retentionDays": null}"#
            )
            #expect(kept.status == 200 && kept["retentionDays"] == .null, "\(kept.body)")
            #expect(try await server.request(.get, "/api/streams/orders/items/o-1?org=default", key: adminToken).status == 200)
        }
    }

    @Test(arguments: Backend.all)
    func thePurgeDeletesWhatPassedTheLimitInStepsAndCountsIt(backend: Backend) async throws {
        let clock = TestClock()
        var configuration = try await testConfiguration(backend, clock: clock)
        configuration.retentionInterval = .milliseconds(100)
        try await withLiveServer(configuration) { server in
            let (old, recent) = try await Self.store(server)
            // 2 500 more old events: more than one step of the purge.
            for _ in 0..<5 {
                let events = (0..<500).map { _ in event(#""timestamp": "2026-03-01T00:00:00Z""#) }
                #expect(try await server.postEvents(#"{"events": [\#(events.joined(separator: ","))]}"#).status == 200)
            }
            #expect(try await server.request(.patch, "/api/v1/admin/orgs/default", key: adminToken, body: #"{"retentionDays": 30}"#).status == 200)
            clock.advance(seconds: 2 * Self.day)
            func deleted(_ kind: String) async throws -> Int {
                let metrics = try await server.request(.get, "/metrics")
                let line = metrics.body.split(separator: "\n").first { $0.hasPrefix("inlet_retention_deleted_rows_total{kind=\"\(kind)\"}") }
                return Int(Double(line?.split(separator: " ").last ?? "") ?? 0)
            }
            let deadline = ContinuousClock.now + .seconds(20)
            while ContinuousClock.now < deadline {
                let (events, items) = (try await deleted("events"), try await deleted("stream_items"))
                if events >= 2_501 && items >= 1 { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(try await deleted("events") == 2_501)
            #expect(try await deleted("snapshots") == 1)
            #expect(try await deleted("stream_items") == 1)
            #expect(try await deleted("dead_letters") == 0)
            // Deleted, not hidden: kept forever again, they do not come back.
            #expect(try await server.request(.patch, "/api/v1/admin/orgs/default", key: adminToken, body: #"{"retentionDays": null}"#).status == 200)
            let timeline = Self.ids(try await server.request(.get, "/api/v1/timeline?limit=500", key: server.appKey))
            #expect(timeline == [recent] && !timeline.contains(old))
            // The events stored next are kept, and reach the live stream and the processor.
            let next = try await server.postEvents(batch(event()))
            #expect(next.status == 200)
            #expect(
                Self.ids(try await server.request(.get, "/api/v1/timeline?limit=1", key: server.appKey))
                    == next["results"]?.arrayValue?.compactMap { $0["id"]?.stringValue }
            )
        }
    }

    @Test(arguments: Backend.all)
    func theLiveStreamSendsNoEventAlreadyPastTheLimit(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            #expect(try await server.request(.patch, "/api/v1/admin/orgs/default", key: adminToken, body: #"{"retentionDays": 30}"#).status == 200)
            let first = try await server.postEvents(batch(event(type: "recent.zero")))["results"]?.arrayValue?.first?["id"]?.stringValue
            let live = try LiveClient(port: try #require(server.client.port), headers: ["Authorization": "Bearer " + server.appKey])
            #expect(try await live.awaitHead() == 200)
            let stored = try await server.postEvents(
                batch(event(#""timestamp": "2026-03-01T00:00:00Z""#, type: "old.one"), event(type: "recent.one"))
            )
            let ids = stored["results"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
            // The old event is stored before the recent one, so it would come first: reading up to the recent one is enough.
            let received = try await Self.frames(of: live, upTo: ids[1])
            // On PostgreSQL the event stored just before the stream opened may come first.
            #expect(received.filter(ids.contains) == [ids[1]], "\(received)")
            // Resumed from before them, the same.
            let resumed = try LiveClient(
                port: try #require(server.client.port),
                headers: ["Authorization": "Bearer " + server.appKey, "Last-Event-ID": try #require(first)]
            )
            #expect(try await resumed.awaitHead() == 200)
            let again = try await Self.frames(of: resumed, upTo: ids[1])
            #expect(again == [ids[1]], "\(again)")
        }
    }

    /// The ids of the frames `live` sends until the one with `id`, or until none comes for as long as a busy machine may take.
    private static func frames(of live: LiveClient, upTo id: String) async throws -> [String] {
        var received: [String] = []
        while received.last != id, let frame = try await live.nextEvent(within: .seconds(10)) { received.append(frame.id ?? "") }
        return received
    }

    @Test(arguments: Backend.all)
    func aLimitOutsideItsRangeOrOnNoStreamIsRefusedWithTheEnvelope(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            for body in [#"{"retentionDays": 0}"#, #"{"retentionDays": 36501}"#, #"{"retentionDays": "30"}"#, #"{"retentionDays": 1.5}"#] {
                let org = try await server.request(.patch, "/api/v1/admin/orgs/default", key: adminToken, body: body)
                #expect(org.status == 400 && org.errorCode == "invalid_body", "\(body): \(org.body)")
                let stream = try await server.request(.patch, "/api/v1/admin/orgs/default/streams/default", key: adminToken, body: body)
                #expect(stream.status == 400 && stream.errorCode == "invalid_body", "\(body): \(stream.body)")
            }
            let created = try await server.request(
                .post,
                "/api/v1/admin/orgs/default/streams",
                key: adminToken,
                body: #"{"name": "s2", "retentionDays": 0}"#
            )
            #expect(created.errorCode == "invalid_body")
            let missing = try await server.request(.patch, "/api/v1/admin/orgs/default/streams/default", key: adminToken, body: "{}")
            #expect(missing.errorCode == "invalid_body")
            let unknown = try await server.request(.patch, "/api/v1/admin/orgs/default/streams/nope", key: adminToken, body: #"{"retentionDays": 5}"#)
            #expect(unknown.errorCode == "not_found")
            let appKey = try await server.request(
                .patch,
                "/api/v1/admin/orgs/default/streams/default",
                key: server.appKey,
                body: #"{"retentionDays": 5}"#
            )
            #expect(appKey.errorCode == "forbidden")
            // Nothing refused changed anything.
            let org = try await server.request(.get, "/api/v1/admin/orgs", key: adminToken)
            #expect(org["items"]?.arrayValue?.first?["retentionDays"] == .null)
        }
    }
}
