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
            try await WebhookLoad.subscribe(url, port: first.port, token: Self.token)
            let acknowledged = try await WebhookLoad.send(rounds: 20, size: 25, to: [first.port], key: key)
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
