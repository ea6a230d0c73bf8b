import Testing

@testable import Inlet

@Suite("Lead backlog at the door")
struct LeadBacklogTests {
    /// A request sent to the door, checked to be still waiting 300 ms later;
    /// its task, and whether it has been admitted since.
    private static func requestStillWaiting(at backlog: LeadBacklog) async throws -> (Task<Void, Never>, Locked<Bool>) {
        let admitted = Locked(false)
        let waiting = Task {
            await backlog.admit()
            admitted.withLock { $0 = true }
        }
        try await Task.sleep(for: .milliseconds(300))
        #expect(!admitted.withLock { $0 })
        return (waiting, admitted)
    }

    @Test func requestsPassWithinTheLimitAndWaitAboveItUntilItIsMeasuredBelow() async throws {
        let backlog = LeadBacklog(limit: 100, maximumWait: .seconds(30), pollInterval: .milliseconds(5))
        backlog.record(queuedEvents: 100)
        let clock = ContinuousClock()
        #expect(await clock.measure { await backlog.admit() } < .seconds(1))

        backlog.record(queuedEvents: 101)
        let (waiting, admitted) = try await Self.requestStillWaiting(at: backlog)
        backlog.record(queuedEvents: 40)
        await waiting.value
        #expect(admitted.withLock { $0 })
    }

    @Test func aRequestWaitsAtMostTheMaximumAndNoLimitNeverWaits() async throws {
        let clock = ContinuousClock()
        let waits = Locked<[Duration]>([])
        let bounded = LeadBacklog(limit: 10, maximumWait: .milliseconds(200), pollInterval: .milliseconds(5)) { waited in
            waits.withLock { $0.append(waited) }
        }
        bounded.record(queuedEvents: 1_000_000)
        let waited = await clock.measure { await bounded.admit() }
        #expect(waited >= .milliseconds(200) && waited < .seconds(10))
        // The wait is reported, as /metrics counts it.
        #expect(waits.withLock { $0.count == 1 && $0[0] >= .milliseconds(200) })

        let unlimited = LeadBacklog(limit: nil)
        unlimited.record(queuedEvents: 1_000_000)
        #expect(await clock.measure { await unlimited.admit() } < .seconds(1))
        // A failed measurement lets requests pass, and a request that passes at once reports no wait.
        bounded.record(queuedEvents: nil)
        #expect(await clock.measure { await bounded.admit() } < .seconds(1))
        #expect(waits.withLock { $0.count } == 1)
    }

    @Test func aDrainedProcessorReleasesWaitingRequestsBeforeTheNextMeasurement() async throws {
        let backlog = LeadBacklog(limit: 100, maximumWait: .seconds(30), pollInterval: .milliseconds(5))
        backlog.record(queuedEvents: 50_000)
        let (waiting, admitted) = try await Self.requestStillWaiting(at: backlog)
        let clock = ContinuousClock()
        let released = await clock.measure {
            backlog.recordDrained()
            await waiting.value
        }
        #expect(admitted.withLock { $0 })
        #expect(released < .seconds(5))
    }
}
