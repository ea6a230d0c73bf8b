import Foundation
import Testing

@testable import InletClient

@Suite("InletClient: backoff, splitting and encoding")
struct ClientUnitTests {
    @Test func backoffIsFullJitterUnderADoublingCapAndNeverBeforeRetryAfter() {
        let policy = RetryPolicy(maxAttempts: 8, base: .milliseconds(500), cap: .seconds(30))
        for attempt in 1...10 {
            let ceiling = min(Duration.seconds(30), .milliseconds(500) * (1 << (attempt - 1)))
            let delays = (0..<200).map { _ in policy.delay(after: attempt, retryAfter: nil) }
            #expect(delays.allSatisfy { $0 >= .zero && $0 <= ceiling })
            #expect(Set(delays).count > 100, "the delays are not jittered")
            #expect((0..<50).allSatisfy { _ in policy.delay(after: attempt, retryAfter: 2) >= .seconds(2) })
        }
    }

    @Test func batchesSplitAtFiveHundredEventsAndAtTheBodyLimit() {
        #expect(InletClient.chunks(sizes: Array(repeating: 10, count: 1_234), limit: 1 << 20) == [0..<500, 500..<1_000, 1_000..<1_234])
        #expect(InletClient.chunks(sizes: [40, 40, 40, 200, 10], limit: 100) == [0..<2, 2..<3, 3..<4, 4..<5])
        #expect(InletClient.chunks(sizes: [], limit: 100) == [0..<0])
    }

    @Test func bodiesKeepTheOrderTheyWereGivenIn() throws {
        let snapshot = Snapshot(
            snapshotType: "t",
            actor: .externalID("x\u{1}\"y"),
            metrics: ["zeta": 1, "alpha": SnapshotMetric(value: 0.5, unit: "ratio"), "mid": "text"],
            timestamp: Date(timeIntervalSince1970: 1_795_000_000.25)
        )
        let json = String(decoding: try OrderedJSONEncoder().encode(snapshot), as: UTF8.self)
        #expect(
            json
                == #"{"snapshotType":"t","actor":{"externalId":"x\u0001\"y"},"metrics":{"zeta":1,"alpha":{"value":0.5,"unit":"ratio"},"mid":"text"},"timestamp":"2026-11-18T11:06:40.250Z"}"#
        )
        let value: JSONValue = ["b": [1, 2.5, nil, true], "a": ["c": "d"]]
        let decoded = try JSONDecoder().decode(JSONValue.self, from: Data(try OrderedJSONEncoder().encode(value)))
        #expect(decoded == value)
        #expect(String(decoding: try OrderedJSONEncoder().encode(value), as: UTF8.self) == #"{"b":[1,2.5,null,true],"a":{"c":"d"}}"#)
    }

    @Test func anEventWrittenDirectlyIsWhatItsEncodableGives() throws {
        let events = [
            Event(eventType: "a.b", category: "c", actor: .email("x@y.z")),
            Event(
                eventType: "t",
                category: "c\n\"q\"",
                actor: ActorIdentity(workerID: "wrk_1", externalID: "e", email: "m"),
                timestamp: Date(timeIntervalSince1970: 1_795_000_000.5),
                duration: 1.25,
                metadata: ["z": [1, "ü\u{7}"], "a": nil],
                id: "id-1"
            ),
        ]
        for event in events { #expect(try event.json() == OrderedJSONEncoder().encode(event)) }
    }

    @Test func chunkKeysStayWithinTheServersLimit() {
        #expect(IdempotencyKey.chunk("job:1", position: 2) == "job:1.2")
        let long = String(repeating: "k", count: 255)
        #expect(IdempotencyKey.chunk(long, position: 3).count <= 255)
        #expect(IdempotencyKey.chunk(long, position: 3) != IdempotencyKey.chunk(long, position: 4))
        #expect(IdempotencyKey.random() != IdempotencyKey.random() && IdempotencyKey.random().count == 32)
    }
}
