import Foundation
import Testing

@testable import Inlet

extension DurabilityTests {
    /// Events acknowledged just before kill -9 still reach the endpoint once
    /// the server is started again: their deliveries were stored with them
    /// (those the killed instance had leased, once the 30 s lease runs out).
    @Test(arguments: Backend.all)
    func killNineRightAfterTheAnswersLosesNoDelivery(backend: Backend) async throws {
        try await WebhookReceiver.with { receiver, url in
            let database = try await backend.freshDatabase()
            let allow = ["--webhooks-allow-private"]
            let first = try await InletProcess(database: database, adminToken: Self.token, extraArguments: allow)
            let key = try #require(first.appKey)
            let created = try await MultiInstanceTests.send(
                .post,
                "/api/v1/admin/orgs/default/webhooks",
                port: first.port,
                key: Self.token,
                body: #"{"url": "\#(url)", "eventTypes": ["*"]}"#
            )
            #expect(created.status == 201, "\(created.text)")
            var acknowledged: Set<String> = []
            for round in 0..<20 {
                let events = (0..<25).map { #"{"eventType": "tick", "category": "c", "actor": {"externalId": "k-\#(round)-\#($0)"}}"# }
                let answer = try await MultiInstanceTests.send(
                    .post,
                    "/api/v1/ingest/events",
                    port: first.port,
                    key: key,
                    body: #"{"events": [\#(events.joined(separator: ","))]}"#
                )
                #expect(answer.status == 200, "\(answer.text)")
                acknowledged.formUnion(answer.json["results"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? [])
            }
            first.signal(SIGKILL)
            _ = try await first.waitForExit()
            let before = Set(receiver.received.compactMap { $0.header("webhook-id") })
            #expect(before.count < acknowledged.count, "the kill came before every delivery")

            let second = try await InletProcess(database: database, adminToken: Self.token, extraArguments: allow)
            let delivered = try await receiver.eventually(within: 50) {
                Set($0.compactMap { $0.header("webhook-id") }).isSuperset(of: acknowledged)
            }
            #expect(Set(delivered.compactMap { $0.header("webhook-id") }) == acknowledged)
            try await MultiInstanceTests.stop(second)
        }
    }
}
