import Logging
import Synchronization
import Testing

@testable import Inlet

/// The live feed over a real store whose live reads are counted: while nobody
/// subscribes it reads nothing, however many events are stored.
@Suite("Live feed reads")
struct LiveFeedTests {
    /// A store whose live reads are counted.
    private final class CountedStore: LiveStore {
        let base: any InletStore
        let reads = Atomic<Int>(0)

        init(_ base: any InletStore) {
            self.base = base
        }

        func isReady() async -> Bool {
            await base.isReady()
        }

        func livePosition() async throws -> LivePosition {
            reads.add(1, ordering: .relaxed)
            return try await base.livePosition()
        }

        func liveEvents(
            after position: LivePosition,
            organizationIDs: [String],
            limit: Int,
            matching: @escaping @Sendable (LiveEventHeader) -> Bool
        ) async throws -> LivePage {
            reads.add(1, ordering: .relaxed)
            return try await base.liveEvents(after: position, organizationIDs: organizationIDs, limit: limit, matching: matching)
        }

        func livePosition(ofEvent id: String, organizationID: String) async throws -> LivePosition? {
            try await base.livePosition(ofEvent: id, organizationID: organizationID)
        }
    }

    private static func store(_ id: String, type: String, in store: any InletStore) async throws {
        let event = StoredEvent(
            id: id,
            organizationID: "org_live",
            appID: "app_live",
            app: "live",
            source: "custom:live",
            workerID: "wrk_live",
            eventType: type,
            category: "test",
            timestamp: 1_000,
            receivedAt: 1_000,
            duration: nil,
            metadata: nil,
            timestampCorrected: false
        )
        try await store.commit(IngestLookup()) { _ in
            var writes = IngestWrites()
            writes.events = [event]
            return writes
        }
    }

    @Test(arguments: Backend.all)
    func readsNothingWhileNobodySubscribesAndOnlyWhatSubscribersMatch(backend: Backend) async throws {
        try await withStore(backend) { store in
            let counted = CountedStore(store)
            let feed = LiveFeed(store: counted, draining: DrainState(), logger: Logger(label: "inlet-tests"), pollInterval: .milliseconds(10)) {
                $0.event.id
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await feed.run() }
                defer { group.cancelAll() }
                for index in 0..<5 {
                    try await Self.store("evt_quiet\(index)", type: "a.one", in: store)
                    try await Task.sleep(for: .milliseconds(20))
                }
                #expect(counted.reads.load(ordering: .relaxed) == 0)

                let subscription = try #require(
                    await feed.subscribe(organizationID: "org_live", filter: LiveFilter(eventType: "b.two"), onEnd: { _ in })
                )
                try await Self.store("evt_skipped", type: "a.one", in: store)
                try await Self.store("evt_matched", type: "b.two", in: store)
                var iterator = subscription.messages.makeAsyncIterator()
                guard case .event(let frame)? = await iterator.next() else {
                    Issue.record("no frame")
                    return
                }
                #expect(frame.text == "evt_matched")
                #expect(counted.reads.load(ordering: .relaxed) > 0)

                subscription.cancel()
                try await Task.sleep(for: .milliseconds(100))
                let afterLeaving = counted.reads.load(ordering: .relaxed)
                for index in 0..<5 {
                    try await Self.store("evt_after\(index)", type: "b.two", in: store)
                    try await Task.sleep(for: .milliseconds(20))
                }
                #expect(counted.reads.load(ordering: .relaxed) == afterLeaving)
            }
        }
    }
}
