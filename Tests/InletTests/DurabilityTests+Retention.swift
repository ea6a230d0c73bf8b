import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@testable import Inlet

extension DurabilityTests {
    /// The deleted-events counter of the process on `port`.
    private static func purgedEvents(port: Int) async throws -> Int {
        let text = try await LeadWorkload.metrics(port: port)
        let line = text.split(separator: "\n").first { $0.hasPrefix(#"inlet_retention_deleted_rows_total{kind="events"}"#) }
        return Int(Double(line?.split(separator: " ").last ?? "") ?? 0)
    }

    /// kill -9 while the purge deletes 20 000 events past the limit: after the
    /// restart no event within the limit is lost, none past it is visible,
    /// and the purge finishes.
    @Test(arguments: Backend.all)
    func killNineDuringAPurgeLosesNothingWithinTheLimitAndShowsNothingPastIt(backend: Backend) async throws {
        let database = try await backend.freshDatabase()
        let interval = ["--retention-interval", "0.2"]
        let first = try await InletProcess(database: database, adminToken: Self.token, extraArguments: interval)
        let key = try #require(first.appKey)
        try Self.liftLimits(database)
        func post(_ timestamp: String, count: Int) async throws -> [String] {
            let events = (0..<count).map { _ in #"{"eventType": "t", "category": "c", "actor": {"externalId": "w"}, "timestamp": "\#(timestamp)"}"# }
            let reply = try await MultiInstanceTests.send(
                .post,
                "/api/v1/ingest/events",
                port: first.port,
                key: key,
                body: #"{"events": [\#(events.joined(separator: ","))]}"#
            )
            #expect(reply.status == 200, "\(reply.text.prefix(200))")
            return reply.json["results"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
        }
        for _ in 0..<40 { _ = try await post("2020-01-01T00:00:00Z", count: 500) }
        let recent = try await post(RFC3339.format(Int64(Date().timeIntervalSince1970 * 1000) - 60_000), count: 500)
        let limited = try await MultiInstanceTests.send(
            .patch,
            "/api/v1/admin/orgs/default",
            port: first.port,
            key: Self.token,
            body: #"{"retentionDays": 30}"#
        )
        #expect(limited.status == 200)
        let deadline = ContinuousClock.now + .seconds(20)
        while try await Self.purgedEvents(port: first.port) == 0, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        first.signal(SIGKILL)
        _ = try await first.waitForExit()

        let second = try await InletProcess(database: database, adminToken: Self.token, extraArguments: interval)
        #expect(Set(try await Self.storedEventIDs(port: second.port)) == Set(recent))
        // The purge goes on to the end: kept forever again, nothing old is left.
        var purged = -1
        while try await Self.purgedEvents(port: second.port) != purged, ContinuousClock.now < deadline + .seconds(30) {
            purged = try await Self.purgedEvents(port: second.port)
            try await Task.sleep(for: .seconds(1))
        }
        #expect(purged > 0)
        _ = try await MultiInstanceTests.send(
            .patch,
            "/api/v1/admin/orgs/default",
            port: second.port,
            key: Self.token,
            body: #"{"retentionDays": null}"#
        )
        #expect(Set(try await Self.storedEventIDs(port: second.port)) == Set(recent))
        try await MultiInstanceTests.stop(second)
    }
}
