import Foundation
import Testing

@testable import Inlet

extension MultiInstanceTests {
    /// Two instances share the deliveries on PostgreSQL: every event stored
    /// through either reaches the endpoint exactly once.
    @Test func twoInstancesDeliverEachEventOnce() async throws {
        try await WebhookReceiver.with { receiver, url in
            let (_, a, b, key) = try await Self.twoInstances(["--webhooks-allow-private"])
            try await WebhookLoad.subscribe(url, port: a.port, token: Self.token)
            let acknowledged = try await WebhookLoad.send(rounds: 30, size: 10, to: [a.port, b.port], key: key)
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
