import Foundation
import Testing

@testable import Inlet

/// `GET /api/v1/live` against the real server: frames, organizations,
/// filters, resuming, heartbeats, slow clients and draining.
@Suite("Live stream")
struct LiveTests {
    private static func open(
        _ server: LiveServer,
        _ path: String = "/api/v1/live",
        key: String? = nil,
        headers: [String: String] = [:]
    )
        async throws -> LiveClient
    {
        var fields = headers
        fields["Authorization"] = "Bearer " + (key ?? server.appKey)
        let client = try LiveClient(port: try #require(server.client.port), path: path, headers: fields)
        let status = try await client.awaitHead()
        #expect(status == 200, "the live stream answered \(status) (0: no head)")
        // The opening comment: from here on, the stream has its subscription.
        #expect(try await client.next()?.comment == "live")
        return client
    }

    @Test(arguments: Backend.all)
    func eventsArriveAsTimelineFramesOfTheirOrganizationOnly(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            let other = try await server.makeOrganization(slug: "other")
            let all = try await Self.open(server)
            #expect(all.head.lowercased().contains("content-type: text/event-stream"))
            let deploys = try await Self.open(server, "/api/v1/live?eventType=deploy.finished")
            let otherOrganization = try await Self.open(server, "/api/v1/live?org=\(other.organizationID)", key: adminToken)

            #expect(try await server.postEvents(batch(event(type: "build.started")), key: other.key).status == 200)
            let posted = try await server.postEvents(
                batch(event(), event(#""metadata": {"note": "<img src=x onerror=alert(1)>", "n": [1, 2.5]}"#, type: "deploy.finished"))
            )
            #expect(posted.status == 200)

            let first = try #require(try await all.nextEvent())
            let second = try #require(try await all.nextEvent())
            #expect(first.event == "event" && second.event == "event")
            #expect([first.id, second.id] == posted["results"]?.arrayValue?.map { $0["id"]?.stringValue })
            // Each frame's data is the event as the timeline shows it.
            let timeline = try await server.request(.get, "/api/v1/timeline", key: server.appKey)
            let shown = try #require(timeline["items"]?.arrayValue?.first { $0["id"]?.stringValue == second.id })
            #expect(second.json == shown)
            #expect(second.json?["metadata"]?["note"]?.stringValue == "<img src=x onerror=alert(1)>")

            #expect(try await deploys.nextEvent()?.id == second.id)
            #expect(try await deploys.nextEvent(within: .milliseconds(500)) == nil)
            #expect(try await otherOrganization.nextEvent()?.json?["eventType"]?.stringValue == "build.started")
            #expect(try await all.nextEvent(within: .milliseconds(500)) == nil)

            let anonymous = try LiveClient(port: try #require(server.client.port), headers: [:])
            #expect(try await anonymous.awaitHead() == 401)
        }
    }

    @Test(arguments: Backend.all)
    func lastEventIDResumesWithNothingMissedAndNothingTwice(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            let first = try await Self.open(server)
            let seen = try await server.postEvents(batch(event(type: "a.one")))
            let last = try #require(try await first.nextEvent()?.id)
            #expect(last == seen["results"]?.arrayValue?.first?["id"]?.stringValue)

            // Stored while no client is connected.
            var missed: [String] = []
            for type in ["a.two", "a.three", "a.four"] {
                missed +=
                    try await server.postEvents(batch(event(type: type), event(type: type)))["results"]?.arrayValue?
                    .compactMap { $0["id"]?.stringValue } ?? []
            }
            let resumed = try await Self.open(server, headers: ["Last-Event-ID": last])
            var received: [String] = []
            while let frame = try await resumed.nextEvent(within: .seconds(2)) { received.append(frame.id ?? "") }
            #expect(received == missed)
            let after = try await server.postEvents(batch(event(type: "a.five")))
            #expect(try await resumed.nextEvent()?.id == after["results"]?.arrayValue?.first?["id"]?.stringValue)

            // An id the organization has no event with starts at the present.
            let unknown = try await Self.open(server, headers: ["Last-Event-ID": "evt_unknown"])
            #expect(try await unknown.nextEvent(within: .milliseconds(500)) == nil)
        }
    }

    @Test(arguments: Backend.all)
    func heartbeatsKeepAQuietStreamOpenPastTheIdleTimeout(backend: Backend) async throws {
        var configuration = try await testConfiguration(backend)
        configuration.liveHeartbeatInterval = .milliseconds(200)
        configuration.idleTimeout = .milliseconds(500)
        try await withLiveServer(configuration) { server in
            let client = try await Self.open(server)
            let start = ContinuousClock.now
            var heartbeats = 0
            while heartbeats < 4, let frame = try await client.next(within: .seconds(10)) {
                if frame.comment == "heartbeat" { heartbeats += 1 }
            }
            // Four heartbeats 200 ms apart span more than the 500 ms idle timeout.
            #expect(heartbeats == 4)
            #expect(ContinuousClock.now - start > .milliseconds(500))
            #expect(!client.ended)
        }
    }

    @Test(arguments: Backend.all)
    func aClientThatFallsBehindIsDisconnectedAndIngestGoesOn(backend: Backend) async throws {
        var configuration = try await testConfiguration(backend)
        configuration.liveBufferEvents = 16
        try await withLiveServer(configuration) { server in
            let port = try #require(server.client.port)
            // A client that reads nothing, with a small receive buffer.
            let stalled = try LiveClient(port: port, headers: ["Authorization": "Bearer " + server.appKey], receiveBuffer: 4096)
            #expect(try await stalled.awaitHead() == 200)
            let note = String(repeating: "x", count: 2000)
            let events = (0..<100).map { _ in event(#""metadata": {"note": "\#(note)"}"#) }
            let body = #"{"events": [\#(events.joined(separator: ", "))]}"#
            for _ in 0..<40 {
                #expect(try await server.postEvents(body).status == 200)
            }
            // 4 000 frames of 2 kB: far more than the buffers hold. The server gave up on the client.
            let (bytes, closed) = try await stalled.drain(within: .seconds(10))
            #expect(closed)
            #expect(bytes < 4000 * 2000)
        }
    }

    @Test(arguments: Backend.all)
    func drainingEndsLiveStreamsCleanly(backend: Backend) async throws {
        let draining = DrainState()
        try await withLiveServer(backend, draining: draining) { server in
            let client = try await Self.open(server)
            draining.startDraining()
            // The chunked body ends: the stream closed on purpose, not by a broken connection.
            while try await client.next(within: .seconds(2)) != nil {}
            #expect(client.completed)
        }
    }
}
