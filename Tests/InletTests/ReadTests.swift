import Testing

@testable import Inlet

@Suite("Timeline and people reads")
struct ReadTests {
    @Test(arguments: Backend.all)
    func timelineFiltersAndPagesNewestFirst(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            var rows: [String] = []
            for minute in 0..<7 {
                let type = minute.isMultiple(of: 2) ? "ticket.resolved" : "deploy.shipped"
                rows.append(
                    event(
                        #""timestamp": "2026-04-19T11:0\#(minute):00Z""#,
                        type: type,
                        actor: minute < 5 ? #"{"email": "a@x.io"}"# : #"{"email": "b@x.io"}"#
                    )
                )
            }
            // Two events with the same timestamp: arrival breaks the tie.
            rows.append(event(#""timestamp": "2026-04-19T11:06:00Z", "id": "tie""#))
            #expect(try await server.postEvents(#"{"events": [\#(rows.joined(separator: ","))]}"#).status == 200)

            var seen: [JSONValue] = []
            var cursor: String?
            repeat {
                let page = try await server.request(.get, "/api/v1/timeline?limit=3" + (cursor.map { "&cursor=" + $0 } ?? ""), key: server.appKey)
                #expect(page.status == 200)
                seen += page["items"]?.arrayValue ?? []
                cursor = page["nextCursor"]?.stringValue
            } while cursor != nil
            let timestamps = seen.compactMap { $0["timestamp"]?.stringValue }
            #expect(timestamps == timestamps.sorted(by: >))
            #expect(seen.count == 8)
            #expect(Set(seen.compactMap { $0["id"]?.stringValue }).count == 8)
            #expect(seen[0]["timestamp"] == .string("2026-04-19T11:06:00.000Z") && seen[1]["timestamp"] == seen[0]["timestamp"])
            #expect(seen[0]["eventType"] == .string("ticket.resolved"))

            let deploys = try await server.request(.get, "/api/v1/timeline?eventType=deploy.shipped", key: server.appKey)
            #expect(deploys["items"]?.arrayValue?.count == 3)
            let window = try await server.request(.get, "/api/v1/timeline?from=2026-04-19T11:02:00Z&to=2026-04-19T11:04:00Z", key: server.appKey)
            #expect(
                window["items"]?.arrayValue?.compactMap { $0["timestamp"]?.stringValue } == ["2026-04-19T11:03:00.000Z", "2026-04-19T11:02:00.000Z"]
            )
            let source = try await server.request(.get, "/api/v1/timeline?source=custom:default&limit=1", key: server.appKey)
            #expect(source["items"]?.arrayValue?.first?["source"] == .string("custom:default"))
            #expect(source["items"]?.arrayValue?.first?["app"] == .string("default"))
            let worker = try #require(seen.first { $0["timestamp"] == .string("2026-04-19T11:00:00.000Z") }?["workerId"]?.stringValue)
            let byWorker = try await server.request(.get, "/api/v1/timeline?workerId=\(worker)", key: server.appKey)
            #expect(byWorker["items"]?.arrayValue?.count == 5)
        }
    }

    @Test(arguments: Backend.all)
    func snapshotsReplaceAndKeepHistoryAndTheStripShowsFourMetricsPerApp(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            func snapshot(_ type: String, _ metrics: String, key: String? = nil) async throws -> Reply {
                try await server.request(
                    .post,
                    "/api/v1/ingest/snapshots",
                    key: key ?? server.appKey,
                    body: #"{"snapshotType": "\#(type)", "actor": {"email": "alex@acme.com"}, "metrics": \#(metrics)}"#
                )
            }
            let first = try await snapshot("queue", #"{"open": 7, "sla": {"value": 0.92, "unit": "ratio", "label": "SLA"}}"#)
            #expect(first["replaced"] == .bool(false))
            #expect(try await snapshot("deploys", #"{"today": 3, "failed": 0, "p95": "4m"}"#)["replaced"] == .bool(false))
            let replaced = try await snapshot("queue", #"{"open": 5, "sla": 0.95}"#)
            #expect(replaced["replaced"] == .bool(true))
            #expect(replaced["workerId"] == first["workerId"])

            let worker = try #require(first["workerId"]?.stringValue)
            let detail = try await server.request(.get, "/api/v1/workers/\(worker)", key: server.appKey)
            let strip = detail["strip"]?.arrayValue ?? []
            #expect(strip.count == 1)
            #expect(strip[0]["app"] == .string("default"))
            // Types in the order first seen (queue, then deploys), metrics in insertion order, four in all.
            #expect(strip[0]["metrics"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["open", "sla", "today", "failed"])
            #expect(strip[0]["metrics"]?.arrayValue?.first?["value"] == .int(5))
            let current = detail["snapshots"]?["current"]?.arrayValue ?? []
            let history = detail["snapshots"]?["history"]?.arrayValue ?? []
            #expect(current.count == 2 && history.count == 1)
            #expect(history[0]["id"] == first["id"] && history[0]["replacedAt"] != .null)
            #expect(
                history[0]["metrics"]?.arrayValue?[1]
                    == .object([
                        ("name", .string("sla")), ("value", .number("0.92")), ("unit", .string("ratio")), ("label", .string("SLA")),
                    ])
            )

            let (_, other) = try await server.makeOrganization(slug: "second")
            _ = other
            let list = try await server.request(.get, "/api/v1/workers", key: server.appKey)
            #expect(list["items"]?.arrayValue?.first?["strip"] == detail["strip"])
            #expect(list["items"]?.arrayValue?.first?["snapshots"] == nil)
        }
    }

    @Test(arguments: Backend.all)
    func workersPageByCursor(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            let rows = (0..<5).map { event(actor: #"{"externalId": "person-\#($0)"}"#) }
            #expect(try await server.postEvents(#"{"events": [\#(rows.joined(separator: ","))]}"#).status == 200)
            let first = try await server.request(.get, "/api/v1/workers?limit=2", key: server.appKey)
            let cursor = try #require(first["nextCursor"]?.stringValue)
            let second = try await server.request(.get, "/api/v1/workers?limit=10&cursor=\(cursor)", key: server.appKey)
            #expect(first["items"]?.arrayValue?.count == 2 && second["items"]?.arrayValue?.count == 3)
            #expect(second["nextCursor"] == .null)
            let emptyCursor = try await server.request(.get, "/api/v1/workers?limit=2&cursor=", key: server.appKey)
            // Compared by id: the lead processor may score the workers between the reads.
            #expect(emptyCursor["items"]?.arrayValue?.map { $0["id"] } == first["items"]?.arrayValue?.map { $0["id"] })
            let ids = (first["items"]?.arrayValue ?? []) + (second["items"]?.arrayValue ?? [])
            #expect(Set(ids.compactMap { $0["id"]?.stringValue }).count == 5)
        }
    }
}
