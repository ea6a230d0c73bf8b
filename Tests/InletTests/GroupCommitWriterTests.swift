import Testing

@testable import Inlet

@Suite("Group-commit writer")
struct GroupCommitWriterTests {
    @Test func queueIsBoundedByRequestsAndRows() async throws {
        let store = try SQLiteStore(path: temporaryDatabasePath())
        try await store.prepare()
        let writer = GroupCommitWriter(store: store, metrics: InletMetrics(), capacity: 3, rowCapacity: 1_000)
        // The writer is not running yet: submissions wait in its queue.
        let first = Task { try await writer.submit(rows: 900) { _ in 1 } }
        try await Task.sleep(for: .milliseconds(50))
        await #expect(throws: InletError.overloaded) { try await writer.submit(rows: 200) { _ in 2 } }
        let second = Task { try await writer.submit(rows: 100) { _ in 3 } }
        let third = Task { try await writer.submit(rows: 0) { _ in 4 } }
        try await Task.sleep(for: .milliseconds(50))
        await #expect(throws: InletError.overloaded) { try await writer.submit(rows: 0) { _ in 5 } }

        let running = Task { try await writer.run() }
        #expect(try await [first.value, second.value, third.value] == [1, 3, 4])
        writer.finish()
        try await running.value
        await #expect(throws: InletError.unavailable) { try await writer.submit { _ in 6 } }
    }
}
