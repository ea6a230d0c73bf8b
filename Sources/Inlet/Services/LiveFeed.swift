import Logging
import ServiceLifecycle
import Synchronization

/// The live stream's source in one instance. It reads the events that became
/// visible in the store since its last read, in live order (``LiveStore``),
/// every `pollInterval`, renders each once, and hands it to the subscriptions
/// of its organization whose filter it passes. Reading the store rather than
/// this instance's writes is what brings other instances' events too.
///
/// A subscription buffers at most `bufferCapacity` messages; one that falls
/// that far behind is ended, and its client resumes with `Last-Event-ID`. So
/// a slow client neither slows the feed nor holds more than its buffer.
/// When the server starts draining, every subscription ends.
public final class LiveFeed: Service, Sendable {
    /// What a subscription receives.
    public enum Message: Sendable {
        case event(LiveFrame)
        /// Time to show the connection is alive.
        case heartbeat
    }

    /// Why a subscription ended.
    public enum Ending: Sendable {
        /// Its buffer was full: the client fell behind.
        case fellBehind
        /// The server is draining.
        case draining
    }

    /// A reference, so that passing an event to a thousand subscribers copies
    /// no filter, continuation or closure.
    private final class Subscriber: Sendable {
        let filter: LiveFilter
        let continuation: AsyncStream<Message>.Continuation
        let onEnd: @Sendable (Ending) -> Void

        init(filter: LiveFilter, continuation: AsyncStream<Message>.Continuation, onEnd: @escaping @Sendable (Ending) -> Void) {
            self.filter = filter
            self.continuation = continuation
            self.onEnd = onEnd
        }
    }

    private struct State {
        var position: LivePosition?
        var nextID = 0
        /// Subscribers by organization, then id.
        var subscribers: [String: [Int: Subscriber]] = [:]
        var recent = RecentPositions(capacity: 65_536)
        var closed = false
    }

    private let store: any InletStore
    private let draining: DrainState
    private let render: @Sendable (TimelineEvent) -> String
    private let logger: Logger
    private let bufferCapacity: Int
    private let pollInterval: Duration
    private let heartbeatInterval: Duration
    private let state = Mutex(State())

    /// - Parameter render: the text of an event's frame.
    public init(
        store: any InletStore, draining: DrainState, logger: Logger, bufferCapacity: Int = 1024, pollInterval: Duration = .milliseconds(50),
        heartbeatInterval: Duration = .seconds(15), render: @escaping @Sendable (TimelineEvent) -> String
    ) {
        self.store = store
        self.draining = draining
        self.logger = logger
        self.bufferCapacity = bufferCapacity
        self.pollInterval = pollInterval
        self.heartbeatInterval = heartbeatInterval
        self.render = render
    }

    /// A subscription's messages, the position they start after, and how to end it.
    public struct Subscription: Sendable {
        public var messages: AsyncStream<Message>
        public var from: LivePosition
        /// Ends the messages, as when the client has gone.
        public var cancel: @Sendable () -> Void
    }

    /// A subscription to an organization's events that pass `filter`, from
    /// the feed's position on. `onEnd` is called if the feed ends it. As the
    /// server starts, it waits up to 5 s for the feed's first read; nil if the
    /// feed has not started by then or is closed.
    public func subscribe(organizationID: String, filter: LiveFilter, onEnd: @escaping @Sendable (Ending) -> Void) async -> Subscription? {
        let deadline = ContinuousClock.now + .seconds(5)
        while state.withLock({ $0.position == nil && !$0.closed }), ContinuousClock.now < deadline {
            try? await Task.sleep(for: pollInterval)
        }
        let (messages, continuation) = AsyncStream.makeStream(of: Message.self, bufferingPolicy: .bufferingOldest(bufferCapacity))
        let subscription = state.withLock { state -> (Int, LivePosition)? in
            guard !state.closed, let position = state.position else { return nil }
            let id = state.nextID
            state.nextID += 1
            state.subscribers[organizationID, default: [:]][id] = Subscriber(filter: filter, continuation: continuation, onEnd: onEnd)
            return (id, position)
        }
        guard let (id, position) = subscription else { return nil }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.subscribers[organizationID]?.removeValue(forKey: id) }
        }
        return Subscription(messages: messages, from: position, cancel: { continuation.finish() })
    }

    /// The position of an organization's event, to resume after it: from
    /// the events this feed passed on lately, else from the store.
    public func position(ofEvent id: String, organizationID: String) async throws -> LivePosition? {
        if let recent = state.withLock({ $0.recent[id] }) {
            return recent.organizationID == organizationID ? recent.position : nil
        }
        return try await store.livePosition(ofEvent: id, organizationID: organizationID)
    }

    public func run() async throws {
        var lastHeartbeat = ContinuousClock.now
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            if draining.isDraining { close(.draining) }
            let busy = await step()
            if ContinuousClock.now - lastHeartbeat >= heartbeatInterval {
                lastHeartbeat = .now
                broadcast(.heartbeat)
            }
            if !busy { try? await cancelWhenGracefulShutdown { try await Task.sleep(for: self.pollInterval) } }
        }
        close(.draining)
    }

    /// Reads and passes on the events after the feed's position; whether a
    /// full page was read. Until the store is ready, it waits.
    private func step() async -> Bool {
        let limit = 1000
        do {
            guard let position = state.withLock({ $0.position }) else {
                guard await store.isReady() else { return false }
                let start = try await store.livePosition()
                state.withLock { $0.position = start }
                return true
            }
            let events = try await store.liveEvents(after: position, organizationID: nil, limit: limit)
            publish(events)
            return events.count == limit
        } catch {
            logger.warning("Live feed read failed; retrying", metadata: ["error": "\(String(reflecting: type(of: error)))"])
            return false
        }
    }

    private func publish(_ events: [LiveEvent]) {
        guard let last = events.last else { return }
        // Rendered outside the lock for the organizations watched now; one
        // watched only since is rendered when it is found watched.
        let watched = state.withLock { state in Set(state.subscribers.filter { !$0.value.isEmpty }.keys) }
        var frames = events.map { LiveFrame(event: $0, text: watched.contains($0.organizationID) ? render($0.event) : "") }
        let behind = state.withLock { state in
            state.position = last.position
            var behind: [Subscriber] = []
            for index in frames.indices {
                let event = frames[index].event
                state.recent.insert(event.event.event.id, organizationID: event.organizationID, position: event.position)
                guard let subscribers = state.subscribers[event.organizationID], !subscribers.isEmpty else { continue }
                if frames[index].text.isEmpty { frames[index].text = render(event.event) }
                for (id, subscriber) in subscribers where subscriber.filter.matches(event.event.event) {
                    if !Self.deliver(.event(frames[index]), to: subscriber) {
                        state.subscribers[event.organizationID]?.removeValue(forKey: id)
                        behind.append(subscriber)
                    }
                }
            }
            return behind
        }
        end(behind, .fellBehind)
    }

    private func broadcast(_ message: Message) {
        let behind = state.withLock { state in
            var behind: [Subscriber] = []
            for (organizationID, subscribers) in state.subscribers {
                for (id, subscriber) in subscribers where !Self.deliver(message, to: subscriber) {
                    state.subscribers[organizationID]?.removeValue(forKey: id)
                    behind.append(subscriber)
                }
            }
            return behind
        }
        end(behind, .fellBehind)
    }

    /// Hands `message` to a subscriber; false when its buffer is full.
    private static func deliver(_ message: Message, to subscriber: Subscriber) -> Bool {
        if case .dropped = subscriber.continuation.yield(message) { return false }
        return true
    }

    /// Ends subscriptions, outside the lock: finishing one runs its termination handler, which takes the lock.
    private func end(_ subscribers: [Subscriber], _ ending: Ending) {
        for subscriber in subscribers {
            subscriber.onEnd(ending)
            subscriber.continuation.finish()
        }
    }

    private func close(_ ending: Ending) {
        let subscribers = state.withLock { state in
            state.closed = true
            defer { state.subscribers = [:] }
            return state.subscribers.values.flatMap(\.values)
        }
        end(subscribers, ending)
    }
}

/// An event as the feed passes it on: its position and its rendered frame.
public struct LiveFrame: Sendable {
    public var event: LiveEvent
    /// The frame's text.
    public var text: String
}

/// The filters of `GET /api/v1/live`, like the timeline's.
public struct LiveFilter: Sendable, Equatable {
    public var source: String?
    public var eventType: String?
    public var workerID: String?

    public init(source: String? = nil, eventType: String? = nil, workerID: String? = nil) {
        self.source = source
        self.eventType = eventType
        self.workerID = workerID
    }

    public func matches(_ event: StoredEvent) -> Bool {
        (source.map { $0 == event.source } ?? true) && (eventType.map { $0 == event.eventType } ?? true)
            && (workerID.map { $0 == event.workerID } ?? true)
    }
}
