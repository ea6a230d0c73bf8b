import Testing

@testable import Inlet

/// The real-binary webhook tests' steps: an endpoint for every event type,
/// and batches of events whose acknowledged ids they collect.
enum WebhookLoad {
    /// Creates an endpoint for `*` at `url` through the admin API of the instance on `port`.
    static func subscribe(_ url: String, port: Int, token: String) async throws {
        let created = try await MultiInstanceTests.send(
            .post,
            "/api/v1/admin/orgs/default/webhooks",
            port: port,
            key: token,
            body: #"{"url": "\#(url)", "eventTypes": ["*"]}"#
        )
        #expect(created.status == 201, "\(created.text)")
    }

    /// Sends `rounds` batches of `size` events, round `n` to `ports[n % ports.count]`;
    /// returns the ids of the events acknowledged.
    static func send(rounds: Int, size: Int, to ports: [Int], key: String) async throws -> Set<String> {
        var acknowledged: Set<String> = []
        for round in 0..<rounds {
            let events = (0..<size).map { #"{"eventType": "tick", "category": "c", "actor": {"externalId": "p-\#(round)-\#($0)"}}"# }
            let answer = try await MultiInstanceTests.send(
                .post,
                "/api/v1/ingest/events",
                port: ports[round % ports.count],
                key: key,
                body: #"{"events": [\#(events.joined(separator: ","))]}"#
            )
            #expect(answer.status == 200, "\(answer.text)")
            acknowledged.formUnion(answer.json["results"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? [])
        }
        return acknowledged
    }
}
