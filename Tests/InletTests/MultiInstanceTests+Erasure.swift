import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@testable import Inlet

extension MultiInstanceTests {
    /// One person written to by v1 batches on one instance and lead events on
    /// the other while the second erases them by email again and again: every
    /// event acknowledged is either erased (counted once by an erasure) or
    /// stored about the one person who exists at the end — never about an
    /// erased one.
    @Test func erasuresDuringIngestOfThePersonLeaveANewPersonOrNone() async throws {
        let (_, a, b, key) = try await Self.twoInstances()
        // The built-in ruleset only: no milestone adds events of its own.
        let active = try await Self.send(.post, "/org-units/active", port: a.port, key: key, body: #"{"ouId": "unit_default"}"#)
        #expect(active.status == 200)
        let deadline = ContinuousClock.now + .seconds(6)
        let acknowledged = Locked(0)
        let erasures = Locked(0)
        await withTaskGroup(of: Void.self) { group in
            for writer in 0..<4 {
                group.addTask {
                    var sequence = 0
                    while ContinuousClock.now < deadline {
                        sequence += 1
                        let events = (0..<5).map { _ in event(actor: #"{"email": "eve@example.com"}"#) }
                        let reply = try? await Self.send(
                            .post,
                            "/api/v1/ingest/events",
                            port: a.port,
                            key: key,
                            headers: ["Idempotency-Key": "v1-\(writer)-\(sequence)"],
                            body: #"{"events": [\#(events.joined(separator: ","))]}"#
                        )
                        if reply?.status == 200 { acknowledged.withLock { $0 += 5 } }
                    }
                }
            }
            for _ in 0..<2 {
                group.addTask {
                    while ContinuousClock.now < deadline {
                        let reply = try? await Self.send(
                            .post,
                            "/ingest",
                            port: b.port,
                            key: key,
                            body: #"{"alias_kind": "email", "alias": "eve@example.com", "event_type": "a"}"#
                        )
                        if reply?.status == 202 { acknowledged.withLock { $0 += 1 } }
                    }
                }
            }
            group.addTask {
                // It stops a second before the writers, who leave a person.
                while ContinuousClock.now < deadline - .seconds(1) {
                    let reply = try? await Self.send(
                        .delete,
                        "/api/v1/admin/orgs/default/workers?kind=email&value=eve@example.com",
                        port: b.port,
                        key: Self.token
                    )
                    if reply?.status == 200 { erasures.withLock { $0 += 1 } }
                    try? await Task.sleep(for: .milliseconds(100))
                }
            }
        }
        try await LeadWorkload.waitUntilProcessed(ports: [a.port, b.port])

        let log = try await Self.send(.get, "/api/v1/admin/orgs/default/erasures?limit=500", port: a.port, key: Self.token)
        let logged = log.json["items"]?.arrayValue ?? []
        #expect(logged.count == erasures.withLock { $0 } && logged.count > 5, "\(log.text.prefix(300))")
        var erased = 0
        for item in logged {
            for kind in ["events", "queued"] {
                if case .number(let count)? = item["deleted"]?[kind] { erased += Int(count) ?? 0 }
            }
        }
        let export = try await Self.send(.get, "/api/v1/export/events?org=default", port: a.port, key: Self.token)
        let stored = try export.text.split(separator: "\n").map { try JSONParser.parse(Array($0.utf8)) }
        #expect(erased + stored.count == acknowledged.withLock { $0 }, "erased \(erased), stored \(stored.count)")
        #expect(erased > 0 && stored.count > 0)
        // What is left is about one person, who exists and owns the email.
        let people = Set(stored.compactMap { $0["workerId"]?.stringValue })
        #expect(people.count <= 1, "\(people)")
        let owner = try await Self.send(.get, "/leads?alias_kind=email&alias=eve@example.com", port: b.port, key: key)
        if let person = people.first {
            #expect(owner.json["id"]?.stringValue == person, "\(owner.text)")
            #expect(try await Self.send(.get, "/api/v1/workers/\(person)", port: b.port, key: key).status == 200)
        }
        try await Self.stop(a, b)
    }
}
