import Synchronization
import Testing

@testable import Inlet

@Suite("In-flight body budget")
struct InFlightBodiesTests {
    /// The shares that started, in order.
    private final class Started: Sendable {
        private let names = Mutex<[String]>([])
        var all: [String] { names.withLock { $0 } }
        func add(_ name: String) { names.withLock { $0.append(name) } }
    }

    /// Runs a share of `bytes` that holds until `release` is resumed, and records when it started.
    private static func hold(
        _ budget: InFlightBodies,
        _ bytes: Int,
        name: String,
        started: Started,
        until release: AsyncStream<Void>
    ) async throws {
        try await budget.withShare(of: bytes) {
            started.add(name)
            for await _ in release { break }
        }
    }

    private static func eventually(_ holds: () -> Bool) async throws {
        for _ in 0..<500 where !holds() { try await Task.sleep(for: .milliseconds(2)) }
        #expect(holds())
    }

    @Test func writesBeyondTheBudgetWaitInArrivalOrderAndALargeOneWaitsForAllOfIt() async throws {
        let budget = InFlightBodies(capacity: 100)
        let started = Started()
        let (firstRelease, firstGo) = AsyncStream<Void>.makeStream()
        let (restRelease, restGo) = AsyncStream<Void>.makeStream()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await Self.hold(budget, 60, name: "a", started: started, until: firstRelease) }
            try await Self.eventually { started.all == ["a"] }
            // 500 bytes is more than the budget: it waits for all of it, and the small one behind it waits its turn.
            group.addTask { try await Self.hold(budget, 500, name: "large", started: started, until: restRelease) }
            try await Task.sleep(for: .milliseconds(20))
            group.addTask { try await Self.hold(budget, 10, name: "small", started: started, until: restRelease) }
            try await Task.sleep(for: .milliseconds(50))
            #expect(started.all == ["a"])
            firstGo.yield()
            try await Self.eventually { started.all == ["a", "large"] }
            restGo.yield()
            try await Self.eventually { started.all == ["a", "large", "small"] }
            restGo.finish()
            firstGo.finish()
            try await group.waitForAll()
        }
    }

    @Test func aCancelledWaitGivesNothingBackTwiceAndHoldsNothing() async throws {
        let budget = InFlightBodies(capacity: 100)
        let started = Started()
        let (release, go) = AsyncStream<Void>.makeStream()
        let holder = Task { try await Self.hold(budget, 100, name: "holder", started: started, until: release) }
        try await Self.eventually { started.all == ["holder"] }
        let waiting = Task { try await budget.withShare(of: 50) { started.add("cancelled") } }
        try await Task.sleep(for: .milliseconds(20))
        waiting.cancel()
        await #expect(throws: CancellationError.self) { try await waiting.value }
        go.finish()
        try await holder.value
        // The whole budget is free again: a share of all of it starts at once.
        try await budget.withShare(of: 100) { started.add("after") }
        #expect(started.all == ["holder", "after"])
    }
}
