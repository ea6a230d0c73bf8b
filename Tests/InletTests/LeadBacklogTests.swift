import Testing

@testable import Inlet

@Suite("Lead backlog at the door")
struct LeadBacklogTests {
    @Test func requestsPassWithinTheLimitAndWaitAboveItUntilItIsMeasuredBelow() async throws {
        let backlog = LeadBacklog(limit: 100, maximumWait: .seconds(30), pollInterval: .milliseconds(5))
        backlog.record(queuedEvents: 100)
        let clock = ContinuousClock()
        #expect(await clock.measure { await backlog.admit() } < .milliseconds(100))

        backlog.record(queuedEvents: 101)
        let waiting = Task { await clock.measure { await backlog.admit() } }
        try await Task.sleep(for: .milliseconds(300))
        backlog.record(queuedEvents: 40)
        let waited = await waiting.value
        #expect(waited >= .milliseconds(300) && waited < .seconds(10))
    }

    @Test func aRequestWaitsAtMostTheMaximumAndNoLimitNeverWaits() async throws {
        let clock = ContinuousClock()
        let bounded = LeadBacklog(limit: 10, maximumWait: .milliseconds(200), pollInterval: .milliseconds(5))
        bounded.record(queuedEvents: 1_000_000)
        let waited = await clock.measure { await bounded.admit() }
        #expect(waited >= .milliseconds(200) && waited < .seconds(10))

        let unlimited = LeadBacklog(limit: nil)
        unlimited.record(queuedEvents: 1_000_000)
        #expect(await clock.measure { await unlimited.admit() } < .milliseconds(100))
        // A failed measurement lets requests pass.
        bounded.record(queuedEvents: nil)
        #expect(await clock.measure { await bounded.admit() } < .milliseconds(100))
    }
}
