import Testing

@testable import Inlet

/// A work of a given size that stores nothing and answers a fixed value.
private struct FixedWork: IngestWork {
    let rows: Int
    let answer: Int

    func collect(into lookup: inout IngestLookup) {}

    func plan(in plan: inout IngestPlan) -> Int { answer }
}

@Suite("Group-commit writer")
struct GroupCommitWriterTests {
    @Test func queueIsBoundedByRequestsAndRows() async throws {
        let store = try SQLiteStore(path: temporaryDatabasePath())
        try await store.prepare()
        let writer = GroupCommitWriter(store: store, metrics: InletMetrics(), capacity: 3, rowCapacity: 1_000)
        // The writer is not running yet: submissions wait in its queue.
        let first = Task { try await writer.submit(FixedWork(rows: 900, answer: 1)).outcome }
        try await Task.sleep(for: .milliseconds(50))
        await #expect(throws: InletError.overloaded) { try await writer.submit(FixedWork(rows: 200, answer: 2)).outcome }
        let second = Task { try await writer.submit(FixedWork(rows: 100, answer: 3)).outcome }
        let third = Task { try await writer.submit(FixedWork(rows: 0, answer: 4)).outcome }
        try await Task.sleep(for: .milliseconds(50))
        await #expect(throws: InletError.overloaded) { try await writer.submit(FixedWork(rows: 0, answer: 5)).outcome }

        let running = Task { try await writer.run() }
        #expect(try await [first.value, second.value, third.value] == [1, 3, 4])
        writer.finish()
        try await running.value
        await #expect(throws: InletError.unavailable) { try await writer.submit(FixedWork(rows: 1, answer: 6)) }
    }
}
