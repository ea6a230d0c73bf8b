import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@testable import Inlet

/// Lead events against real processes, and the check that their scores and
/// milestones equal a reference computed from the events stored.
enum LeadWorkload {
    /// A windowless ruleset (so the reference does not depend on the order of
    /// processing): `a` is 1 point, `b` 2; milestones at 10, 50 and 200.
    static let ruleset = """
        {"name": "load", "rules": [{"eventType": "a", "points": 1}, {"eventType": "b", "points": 2}],
         "milestones": [{"name": "m10", "threshold": 10}, {"name": "m50", "threshold": 50}, {"name": "m200", "threshold": 200}]}
        """
    static let thresholds = ["m10": 10, "m50": 50, "m200": 200]

    /// Creates the ruleset and makes `unit_default` active for `key`.
    static func prepare(port: Int, key: String, token: String) async throws {
        let created = try await MultiInstanceTests.send(.post, "/api/v1/admin/orgs/default/rulesets", port: port, key: token, body: ruleset)
        #expect(created.status == 201)
        let active = try await MultiInstanceTests.send(.post, "/org-units/active", port: port, key: key, body: #"{"ouId": "unit_default"}"#)
        #expect(active.status == 200)
    }

    /// Posts lead events on `clients` connections, each about its own lead
    /// (`lead-<n>@example.com`), until the server goes away or `duration`
    /// passes, or `limit` events per client are sent; returns the ids acknowledged.
    static func send(port: Int, key: String, clients: Int, duration: Duration, limit: Int = .max) async -> [String] {
        let acknowledged = Locked<[String]>([])
        let deadline = ContinuousClock.now + duration
        await withTaskGroup(of: Void.self) { group in
            for client in 0..<clients {
                group.addTask {
                    try? await TestClient.withClient(host: "127.0.0.1", port: port) { connection in
                        var sequence = 0
                        while ContinuousClock.now < deadline, sequence < limit {
                            sequence += 1
                            let body =
                                #"{"alias_kind": "email", "alias": "lead-\#(client)@example.com", "event_type": "\#(sequence % 3 == 0 ? "b" : "a")"}"#
                            let response = try await connection.post(
                                "/ingest",
                                headers: [
                                    .authorization: "Bearer " + key, .contentType: "application/json",
                                    HTTPField.Name("Idempotency-Key")!: "lead-\(client)-\(sequence)",
                                ],
                                body: ByteBuffer(string: body)
                            )
                            let text = response.body.map { String(buffer: $0) } ?? ""
                            if response.status.code == 202, let id = (try? JSONParser.parse(Array(text.utf8)))?["eventId"]?.stringValue {
                                acknowledged.withLock { $0.append(id) }
                            }
                        }
                    }
                }
            }
        }
        return acknowledged.withLock { $0 }
    }

    /// Waits until the lead processors have taken every queued event: the
    /// queue gauge of `/metrics`, measured every 2 s, reads 0 twice in a row.
    static func waitUntilProcessed(ports: [Int], timeout: Duration = .seconds(120)) async throws {
        let deadline = ContinuousClock.now + timeout
        var zeros = 0
        while zeros < 2 {
            #expect(ContinuousClock.now < deadline, "the lead queue was not drained in time")
            guard ContinuousClock.now < deadline else { return }
            try await Task.sleep(for: .milliseconds(2100))
            var empty = true
            for port in ports {
                let text = try await metrics(port: port)
                empty = empty && text.contains("\ninlet_lead_queue_events 0") && text.contains("\ninlet_lead_queue_lag_seconds 0")
            }
            zeros = empty ? zeros + 1 : 0
        }
    }

    /// The `/metrics` text of the process on `port`.
    static func metrics(port: Int) async throws -> String {
        try await TestClient.withClient(host: "127.0.0.1", port: port) { connection in
            String(buffer: try await connection.get("/metrics").body ?? ByteBuffer())
        }
    }

    /// The events the lead processor of the process on `port` took.
    static func processed(port: Int) async throws -> Int {
        let text = try await metrics(port: port)
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("inlet_lead_events_processed_total ") }) else { return 0 }
        return Int(Double(line.split(separator: " ").last ?? "") ?? 0)
    }

    /// Every event of the default organization's timeline from `source`.
    static func timeline(port: Int, token: String, source: String) async throws -> [JSONValue] {
        try await DurabilityTests.timeline(port: port, token: token, filter: "&source=" + source)
    }

    /// Checks that every acknowledged event is on the timeline once, and that
    /// each lead's scores and milestones equal those computed from its stored
    /// events, each milestone recorded once; returns the leads checked.
    @discardableResult
    static func verify(port: Int, token: String, acknowledged: [String]) async throws -> Int {
        let events = try await timeline(port: port, token: token, source: "lead-ingest")
        let ids = events.compactMap { $0["id"]?.stringValue }
        #expect(Set(ids).count == ids.count, "an event was processed twice")
        let missing = Set(acknowledged).subtracting(ids)
        #expect(missing.isEmpty, "\(missing.count) acknowledged events were not processed")
        var points: [String: Int] = [:]
        var counts: [String: Int] = [:]
        for event in events {
            guard let worker = event["workerId"]?.stringValue else { continue }
            points[worker, default: 0] += event["eventType"] == .string("b") ? 2 : 1
            counts[worker, default: 0] += 1
        }
        let recorded = try await timeline(port: port, token: token, source: "system")
        var milestones: [String: [String]] = [:]
        for event in recorded where event["eventType"] == .string("milestone.reached") {
            milestones[event["workerId"]?.stringValue ?? "", default: []].append(event["metadata"]?["milestone"]?.stringValue ?? "")
        }
        for (worker, expected) in points {
            let lead = try await MultiInstanceTests.send(.get, "/leads/\(worker)?org=default", port: port, key: token)
            #expect(lead.json["scores"]?["load"] == .int(expected), "\(worker): \(lead.json["scores"] ?? .null), expected \(expected)")
            #expect(lead.json["scores"]?["activity"] == .int(counts[worker] ?? 0))
            let reached = thresholds.filter { $0.value <= expected }.keys.sorted()
            #expect(lead.json["milestones"]?.arrayValue?.compactMap { $0["name"]?.stringValue }.sorted() == reached)
            #expect((milestones[worker] ?? []).sorted() == reached, "\(worker): milestone events \(milestones[worker] ?? [])")
        }
        return points.count
    }
}
