import Testing

@testable import Inlet

@Suite("Exports")
struct ExportTests {
    /// 2 500 events (more than two export pages), stored out of time order,
    /// each second of the first 2 000 taken twice at most; every fifth is a deploy.
    private static let count = 2500

    private static func timestamp(_ index: Int) -> String {
        let second = index * 7919 % 2000
        let minutes = String(second / 60 % 60)
        let seconds = String(second % 60)
        return "2026-04-19T1\(second / 3600):\(minutes.count == 1 ? "0" : "")\(minutes):\(seconds.count == 1 ? "0" : "")\(seconds)Z"
    }

    /// Posts the events; returns their ids in arrival order.
    private static func store(_ server: LiveServer) async throws -> [String] {
        var ids: [String] = []
        for start in stride(from: 0, to: count, by: 500) {
            let events = (start..<start + 500).map { index in
                let type = index % 5 == 0 ? "deploy.shipped" : "ticket.resolved"
                return event(#""timestamp": "\#(timestamp(index))", "metadata": {"i": \#(index)}"#, type: type)
            }
            let reply = try await server.postEvents(#"{"events": [\#(events.joined(separator: ","))]}"#)
            #expect(reply.status == 200)
            ids += reply["results"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
        }
        return ids
    }

    private static func lines(_ reply: Reply) throws -> [JSONValue] {
        try reply.body.split(separator: "\n").map { try JSONParser.parse(Array($0.utf8)) }
    }

    @Test(arguments: Backend.all)
    func eventsComeOldestFirstAsTheTimelineShowsThemAndResumeAfterAnEvent(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            let arrival = try await Self.store(server)
            #expect(arrival.count == Self.count)

            let export = try await server.request(.get, "/api/v1/export/events", key: server.appKey)
            #expect(export.status == 200)
            #expect(export.header("Content-Type") == "application/x-ndjson")
            #expect(export.body.hasSuffix("\n"))
            let lines = try Self.lines(export)
            #expect(lines.count == Self.count)
            let ids = lines.compactMap { $0["id"]?.stringValue }
            #expect(Set(ids) == Set(arrival))
            // Oldest first; equal timestamps in arrival order.
            let rank = Dictionary(uniqueKeysWithValues: arrival.enumerated().map { ($1, $0) })
            let order = lines.map { ($0["timestamp"]?.stringValue ?? "", rank[$0["id"]?.stringValue ?? ""] ?? -1) }
            #expect(zip(order, order.dropFirst()).allSatisfy { $0 < $1 })
            // A line is the event as the timeline shows it.
            let newest = try await server.request(.get, "/api/v1/timeline?limit=1", key: server.appKey)
            #expect(newest["items"]?.arrayValue?.first == lines.last)

            // Resumed after the 1 234th line: the rest, and nothing twice.
            let resumed = try await server.request(.get, "/api/v1/export/events?after=\(ids[1233])", key: server.appKey)
            #expect(try Self.lines(resumed) == Array(lines.dropFirst(1234)))
            let end = try await server.request(.get, "/api/v1/export/events?after=\(ids.last ?? "")", key: server.appKey)
            #expect(end.status == 200 && end.body.isEmpty)

            // The timeline's filters.
            let deploys = try Self.lines(try await server.request(.get, "/api/v1/export/events?eventType=deploy.shipped", key: server.appKey))
            #expect(deploys.count == Self.count / 5 && deploys.allSatisfy { $0["eventType"] == .string("deploy.shipped") })
            let window = try await server.request(
                .get,
                "/api/v1/export/events?from=2026-04-19T10:10:00Z&to=2026-04-19T10:20:00Z&source=custom:default",
                key: server.appKey
            )
            func inWindow(_ line: JSONValue) -> Bool {
                (line["timestamp"]?.stringValue).map { $0 >= "2026-04-19T10:10" && $0 < "2026-04-19T10:20" } ?? false
            }
            let windowLines = try Self.lines(window)
            #expect(!windowLines.isEmpty && windowLines.allSatisfy(inWindow))
            #expect(windowLines == lines.filter(inWindow))
            #expect(try await server.request(.get, "/api/v1/export/events?source=webhook:none", key: server.appKey).body.isEmpty)

            // The admin token names the organization.
            let admin = try await server.request(.get, "/api/v1/export/events?org=\(server.organizationID)&eventType=deploy.shipped", key: adminToken)
            #expect(try Self.lines(admin) == deploys)
            #expect(try await server.request(.get, "/api/v1/export/events", key: adminToken).errorCode == "invalid_body")
        }
    }

    @Test(arguments: Backend.all)
    func aBadOrUnknownExportRequestIsRefusedBeforeAnyLine(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            _ = try await server.postEvents(batch(event()))
            let unknown = try await server.request(.get, "/api/v1/export/events?after=evt_missing", key: server.appKey)
            #expect(unknown.status == 404 && unknown.errorCode == "not_found")
            // An empty `after` is the start, as an empty cursor is.
            #expect(try Self.lines(try await server.request(.get, "/api/v1/export/events?after=", key: server.appKey)).count == 1)
            #expect(try await server.request(.get, "/api/v1/export/events?from=yesterday", key: server.appKey).errorCode == "invalid_body")
            #expect(try await server.request(.get, "/api/v1/export/events").errorCode == "invalid_key")
            #expect(try await server.request(.get, "/api/streams/default/export?after=nope", key: server.appKey).errorCode == "not_found")
            #expect(try await server.request(.get, "/api/streams/nope/export", key: server.appKey).errorCode == "not_found")
        }
    }

    @Test(arguments: Backend.all)
    func streamItemsComeInCreationOrderWithTheItemFiltersAndResumeAfterAnItem(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            let created = try await server.request(
                .post,
                "/api/v1/admin/orgs/default/streams",
                key: adminToken,
                body: #"{"name": "regions", "itemKey": "id"}"#
            )
            let key = try #require(created["key"]?.stringValue)
            for start in stride(from: 0, to: 1200, by: 400) {
                let items = (start..<start + 400).map { #"{"id": "r\#($0)", "zone": "\#($0 % 3 == 0 ? "north" : "south")", "n": \#($0)}"# }
                #expect(try await server.request(.post, "/api/webhook/regions", key: key, body: "[\(items.joined(separator: ","))]").status == 202)
            }
            // An update keeps the item's place.
            #expect(try await server.request(.post, "/api/webhook/regions", key: key, body: #"{"id": "r5", "zone": "north", "n": 5}"#).status == 202)

            let export = try await server.request(.get, "/api/streams/regions/export", key: key)
            #expect(export.status == 200 && export.header("Content-Type") == "application/x-ndjson")
            let lines = try Self.lines(export)
            #expect(lines.compactMap { $0["id"]?.stringValue } == (0..<1200).map { "r\($0)" })
            #expect(lines[5]["fields"]?["zone"] == .string("north"))
            let page = try await server.request(.get, "/api/streams/regions/items/r7", key: key)
            #expect(lines[7] == page.json)

            let north = try Self.lines(try await server.request(.get, "/api/streams/regions/export?where.zone=north", key: server.appKey))
            #expect(north.count == 401 && north.allSatisfy { $0["fields"]?["zone"] == .string("north") })
            let resumed = try await server.request(.get, "/api/streams/regions/export?after=r1099", key: key)
            #expect(try Self.lines(resumed).compactMap { $0["id"]?.stringValue } == (1100..<1200).map { "r\($0)" })
        }
    }
}
