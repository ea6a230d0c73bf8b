import Foundation
import Testing

@testable import Inlet

extension MultiInstanceTests {
    /// Two instances share the deliveries on PostgreSQL: every event stored
    /// through either reaches the endpoint exactly once.
    @Test func twoInstancesDeliverEachEventOnce() async throws {
        try await WebhookReceiver.with { receiver, url in
            let (_, a, b, key) = try await Self.twoInstances(["--webhooks-allow-private"])
            let created = try await Self.send(
                .post,
                "/api/v1/admin/orgs/default/webhooks",
                port: a.port,
                key: Self.token,
                body: #"{"url": "\#(url)", "eventTypes": ["*"]}"#
            )
            #expect(created.status == 201, "\(created.text)")
            var acknowledged: Set<String> = []
            for round in 0..<30 {
                let events = (0..<10).map { #"{"eventType": "tick", "category": "c", "actor": {"externalId": "p-\#(round)-\#($0)"}}"# }
                let answer = try await Self.send(
                    .post,
                    "/api/v1/ingest/events",
                    port: round.isMultiple(of: 2) ? a.port : b.port,
                    key: key,
                    body: #"{"events": [\#(events.joined(separator: ","))]}"#
                )
                #expect(answer.status == 200, "\(answer.text)")
                acknowledged.formUnion(answer.json["results"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? [])
            }
            #expect(acknowledged.count == 300)
            _ = try await receiver.eventually(within: 20) { Set($0.compactMap { $0.header("webhook-id") }).isSuperset(of: acknowledged) }
            try await Task.sleep(for: .seconds(1))
            let ids = receiver.received.compactMap { $0.header("webhook-id") }
            #expect(Set(ids) == acknowledged)
            #expect(ids.count == acknowledged.count, "\(ids.count - Set(ids).count) events were delivered twice")
            try await Self.stop(a, b)
        }
    }
}
