import Foundation
import Testing

@testable import Inlet

/// Webhooks out (SPEC §14): events stored after an endpoint is created reach
/// it signed, once per (event, endpoint), retried with the same id.
@Suite("Webhook deliveries")
struct WebhookDeliveryTests {
    private static let path = "/api/v1/admin/orgs/default/webhooks"

    /// Creates an endpoint for `eventTypes` at `url`; returns its id and secret.
    private static func endpoint(_ server: LiveServer, _ url: String, _ eventTypes: String) async throws -> (id: String, secret: String) {
        let created = try await server.request(.post, path, key: adminToken, body: #"{"url": "\#(url)", "eventTypes": \#(eventTypes)}"#)
        #expect(created.status == 201, "\(created.body)")
        return (try #require(created["id"]?.stringValue), try #require(created["secret"]?.stringValue))
    }

    private static func deliveries(_ server: LiveServer, _ endpoint: String, status: String? = nil) async throws -> [JSONValue] {
        let query = status.map { "?status=\($0)" } ?? ""
        return try await server.request(.get, "\(path)/\(endpoint)/deliveries\(query)", key: adminToken)["items"]?.arrayValue ?? []
    }

    @Test(arguments: Backend.all)
    func aMatchingEventReachesTheEndpointSignedAndOthersDoNot(backend: Backend) async throws {
        let clock = TestClock()
        try await withLiveServer(try await testConfiguration(backend, clock: clock)) { server in
            try await WebhookReceiver.with { receiver, url in
                let (id, secret) = try await Self.endpoint(server, url, #"["deploy.*"]"#)
                let posted = try await server.postEvents(
                    #"{"events": [{"eventType": "deploy.finished", "category": "ci", "actor": {"email": "ana@example.com"}, "metadata": {"sha": "abc"}}, {"eventType": "ticket.created", "category": "support", "actor": {"email": "ana@example.com"}}]}"#
                )
                #expect(posted.status == 200, "\(posted.body)")
                let eventID = try #require(posted["results"]?.arrayValue?.first?["id"]?.stringValue)
                let received = try await receiver.eventually { $0.count >= 1 }
                try await Task.sleep(for: .milliseconds(300))
                #expect(receiver.received.count == 1)
                let request = try #require(received.first)
                #expect(request.header("webhook-id") == eventID)
                #expect(request.header("webhook-timestamp") == String(clock.nowMillis() / 1000))
                let signature = try StreamSignature.checked(scheme: .standardWebhooks, secret: secret)
                #expect(SignedDelivery(headers: request.headers, body: request.body, signature: signature, now: clock.nowMillis() / 1000) != nil)
                let body = try JSONParser.parse(request.body)
                #expect(body["type"] == .string("deploy.finished") && body["data"]?["id"] == .string(eventID))
                #expect(body["data"]?["metadata"] == .object([("sha", .string("abc"))]) && body["timestamp"]?.stringValue != nil)

                let listed = try await server.eventually("\(Self.path)/\(id)/deliveries") {
                    $0["items"]?.arrayValue?.first?["status"] == .string("succeeded")
                }
                let delivery = try #require(listed["items"]?.arrayValue?.first)
                #expect(delivery["eventId"] == .string(eventID) && delivery["attempts"] == .number("1"), "\(listed.body)")
                #expect(delivery["lastStatusCode"] == .number("204") && delivery["nextAttemptAt"] == .null)
                #expect(try await Self.deliveries(server, id, status: "pending").isEmpty)
            }
        }
    }

    @Test(arguments: Backend.all)
    func aFailedAttemptIsRetriedOnScheduleWithTheSameIdAndARetryIsAttemptedNow(backend: Backend) async throws {
        let clock = TestClock()
        try await withLiveServer(try await testConfiguration(backend, clock: clock)) { server in
            try await WebhookReceiver.with { receiver, url in
                receiver.behave(.answer(500))
                let (id, _) = try await Self.endpoint(server, url, #"["*"]"#)
                let posted = try await server.postEvents(
                    #"{"events": [{"eventType": "deploy", "category": "ci", "actor": {"email": "bo@example.com"}}]}"#
                )
                let eventID = try #require(posted["results"]?.arrayValue?.first?["id"]?.stringValue)
                _ = try await receiver.eventually { $0.count >= 1 }
                let failed = try await server.eventually("\(Self.path)/\(id)/deliveries") {
                    $0["items"]?.arrayValue?.first?["attempts"] == .number("1")
                }
                let pending = try #require(failed["items"]?.arrayValue?.first)
                #expect(pending["status"] == .string("pending") && pending["lastStatusCode"] == .number("500"), "\(failed.body)")
                #expect(pending["nextAttemptAt"] == .string(RFC3339.format(clock.nowMillis() + 5000)))
                try await Task.sleep(for: .milliseconds(500))
                #expect(receiver.received.count == 1, "not attempted again before its time")

                // The receiver recovers, and the attempt due 5 s later reaches it.
                receiver.behave(.answer(200))
                clock.advance(seconds: 6)
                let again = try await receiver.eventually { $0.count >= 2 }
                #expect(again.count == 2 && again.allSatisfy { $0.header("webhook-id") == eventID })
                _ = try await server.eventually("\(Self.path)/\(id)/deliveries") { $0["items"]?.arrayValue?.first?["status"] == .string("succeeded") }

                let deliveryID = try #require(pending["id"]?.stringValue)
                let retried = try await server.request(.post, "\(Self.path)/\(id)/deliveries/\(deliveryID)/retry", key: adminToken)
                #expect(retried.status == 202 && retried["status"] == .string("pending"), "\(retried.body)")
                let third = try await receiver.eventually { $0.count >= 3 }
                #expect(third.count == 3 && third.last?.header("webhook-id") == eventID)
                #expect(try await server.request(.post, "\(Self.path)/\(id)/deliveries/dlv_999999/retry", key: adminToken).status == 404)
                #expect(try await server.request(.get, "\(Self.path)/\(id)/deliveries?status=lost", key: adminToken).status == 400)
            }
        }
    }

    @Test(arguments: Backend.all)
    func aReceiverThatRefusesConnectionsAtFirstStillGetsTheEvent(backend: Backend) async throws {
        let clock = TestClock()
        try await withLiveServer(try await testConfiguration(backend, clock: clock)) { server in
            try await RefusingPort.with { refusing in
                try await WebhookReceiver.with { receiver, url in
                    let (id, _) = try await Self.endpoint(server, refusing, #"["*"]"#)
                    let posted = try await server.postEvents(
                        #"{"events": [{"eventType": "deploy", "category": "ci", "actor": {"email": "fa@example.com"}}]}"#
                    )
                    let eventID = try #require(posted["results"]?.arrayValue?.first?["id"]?.stringValue)
                    // The client tries the refused connection again until the attempt's 10 s are up.
                    var failed = try await server.request(.get, "\(Self.path)/\(id)/deliveries", key: adminToken)
                    let deadline = ContinuousClock.now + .seconds(20)
                    while failed["items"]?.arrayValue?.first?["attempts"] != .number("1") && ContinuousClock.now < deadline {
                        try await Task.sleep(for: .milliseconds(100))
                        failed = try await server.request(.get, "\(Self.path)/\(id)/deliveries", key: adminToken)
                    }
                    let first = failed["items"]?.arrayValue?.first
                    #expect(first?["attempts"] == .number("1") && first?["lastStatusCode"] == .null, "\(failed.body)")
                    let moved = try await server.request(.patch, "\(Self.path)/\(id)", key: adminToken, body: #"{"url": "\#(url)"}"#)
                    #expect(moved.status == 200)
                    clock.advance(seconds: 6)
                    let received = try await receiver.eventually { $0.count >= 1 }
                    #expect(received.count == 1 && received.first?.header("webhook-id") == eventID)
                }
            }
        }
    }

    @Test(arguments: Backend.all)
    func anEndpointTurnedOffIsSentNothingAndKeepsItsPendingDeliveriesUntilItIsOn(backend: Backend) async throws {
        let clock = TestClock()
        try await withLiveServer(try await testConfiguration(backend, clock: clock)) { server in
            try await WebhookReceiver.with { receiver, url in
                receiver.behave(.answer(503))
                let (id, _) = try await Self.endpoint(server, url, #"["*"]"#)
                let posted = try await server.postEvents(#"{"events": [{"eventType": "t", "category": "c", "actor": {"email": "g@example.com"}}]}"#)
                let eventID = try #require(posted["results"]?.arrayValue?.first?["id"]?.stringValue)
                _ = try await receiver.eventually { $0.count >= 1 }
                #expect(try await server.request(.patch, "\(Self.path)/\(id)", key: adminToken, body: #"{"active": false}"#).status == 200)
                receiver.behave(.answer(200))
                // Due again, but off: not attempted; and an event stored meanwhile is not for it.
                clock.advance(seconds: 6)
                #expect(
                    try await server.postEvents(#"{"events": [{"eventType": "t", "category": "c", "actor": {"email": "h@example.com"}}]}"#).status
                        == 200
                )
                try await Task.sleep(for: .seconds(1.5))
                #expect(receiver.received.count == 1)
                #expect(try await Self.deliveries(server, id).count == 1)
                #expect(try await server.request(.patch, "\(Self.path)/\(id)", key: adminToken, body: #"{"active": true}"#).status == 200)
                let received = try await receiver.eventually { $0.count >= 2 }
                #expect(received.count == 2 && received.last?.header("webhook-id") == eventID)
            }
        }
    }

    @Test(arguments: Backend.all)
    func aMilestoneFromLeadScoringIsDelivered(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            try await WebhookReceiver.with { receiver, url in
                let ruleset =
                    #"{"name": "warmth", "rules": [{"eventType": "page_view", "points": 10}], "milestones": [{"name": "warm", "threshold": 10}]}"#
                #expect(try await server.request(.post, "/api/v1/admin/orgs/default/rulesets", key: adminToken, body: ruleset).status == 201)
                _ = try await Self.endpoint(server, url, #"["milestone.reached"]"#)
                #expect(try await server.request(.post, "/org-units/active", key: server.appKey, body: #"{"ouId": "unit_default"}"#).status == 200)
                let ingested = try await server.ingest(#"{"alias_kind": "email", "alias": "cy@example.com", "event_type": "page_view"}"#)
                #expect(ingested.status == 202, "\(ingested.body)")
                let received = try await receiver.eventually { $0.count >= 1 }
                let body = try JSONParser.parse(try #require(received.first).body)
                #expect(body["type"] == .string("milestone.reached") && body["data"]?["source"] == .string("system"), "\(body)")
            }
        }
    }

    @Test(arguments: Backend.all)
    func aCommitEndsTheDispatchersIdlePauseForTheDoorAndForLeadScoring(backend: Backend) async throws {
        var configuration = try await testConfiguration(backend)
        // Pauses double from 50 ms after the last attempt: 6.35 s in all before one of 6.4 s.
        configuration.webhookIdleInterval = .seconds(60)
        try await withLiveServer(configuration) { server in
            try await WebhookReceiver.with { receiver, url in
                let ruleset =
                    #"{"name": "warmth", "rules": [{"eventType": "page_view", "points": 10}], "milestones": [{"name": "warm", "threshold": 10}]}"#
                #expect(try await server.request(.post, "/api/v1/admin/orgs/default/rulesets", key: adminToken, body: ruleset).status == 201)
                _ = try await Self.endpoint(server, url, #"["deploy.*", "milestone.reached"]"#)
                #expect(try await server.request(.post, "/org-units/active", key: server.appKey, body: #"{"ouId": "unit_default"}"#).status == 200)
                let deploy = #"{"events": [{"eventType": "deploy.finished", "category": "ci", "actor": {"email": "ana@example.com"}}]}"#
                #expect(try await server.postEvents(deploy).status == 200)
                #expect(try await receiver.eventually(within: 15) { $0.count == 1 }.count == 1)
                // Idle for 7 s after an attempt, the dispatcher is 5.7 s away from its next poll.
                try await Task.sleep(for: .seconds(7))
                let stored = ContinuousClock.now
                #expect(try await server.postEvents(deploy).status == 200)
                #expect(try await receiver.eventually(within: 15) { $0.count == 2 }.count == 2)
                #expect(ContinuousClock.now - stored < .seconds(3), "a stored event waited for the idle poll")
                try await Task.sleep(for: .seconds(7))
                let ingested = ContinuousClock.now
                #expect(try await server.ingest(#"{"alias_kind": "email", "alias": "cy@example.com", "event_type": "page_view"}"#).status == 202)
                let received = try await receiver.eventually(within: 15) { $0.count == 3 }
                #expect(ContinuousClock.now - ingested < .seconds(3), "a milestone waited for the idle poll")
                let body = try JSONParser.parse(try #require(received.last).body)
                #expect(body["type"] == .string("milestone.reached"), "\(body)")
            }
        }
    }

    @Test(arguments: Backend.all)
    func aHangingReceiverHoldsUpNoOtherEndpoint(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            try await WebhookReceiver.with { hanging, hangingURL in
                try await WebhookReceiver.with { prompt, promptURL in
                    hanging.behave(.hang)
                    _ = try await Self.endpoint(server, hangingURL, #"["*"]"#)
                    _ = try await Self.endpoint(server, promptURL, #"["*"]"#)
                    let events = (0..<20).map { #"{"eventType": "tick", "category": "c", "actor": {"email": "d\#($0)@example.com"}}"# }
                    #expect(try await server.postEvents(#"{"events": [\#(events.joined(separator: ","))]}"#).status == 200)
                    let received = try await prompt.eventually(within: 8) { $0.count >= 20 }
                    #expect(received.count == 20)
                    #expect(hanging.received.count <= WebhookDispatcher.perEndpoint)
                }
            }
        }
    }
}
