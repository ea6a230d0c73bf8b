import Logging
import ServiceLifecycle
import Synchronization

/// The live stream's source in one instance. It reads the events that became
/// visible in the store since its last read, in live order (``LiveStore``),
/// every `pollInterval`, renders each once, and hands it to the subscriptions
/// of its organization whose filter it passes. Reading the store rather than
/// this instance's writes is what brings other instances' events too.
///
/// It costs nothing while nobody listens: with no subscription it reads
/// nothing, and the first subscription anchors it at the store's position
/// then. With subscriptions, one read per poll serves them all; it reads only
/// their organizations' events, and reads an event whole only when some
/// subscription's filter passes it.
///
/// A subscription buffers at most `bufferCapacity` messages; one that falls
/// that far behind is ended, and its client resumes with `Last-Event-ID`. So
/// a slow client neither slows the feed nor holds more than its buffer.
/// When the server starts draining, every subscription ends.
final class LiveFeed: Service, Sendable {
    /// What a subscription receives.
    enum Message: Sendable {
        case event(LiveFrame)
        /// Time to show the connection is alive.
        case heartbeat
    }

    /// Why a subscription ended.
    enum Ending: Sendable {
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
        /// Where the next read starts; nil while nobody subscribes.
        var position: LivePosition?
        /// Whether the store is ready to be read.
        var started = false
        /// Whether a read for the current subscriptions is in progress.
        var reading = false
        var nextID = 0
        /// Subscribers by organization, then id.
        var subscribers: [String: [Int: Subscriber]] = [:]
        var recent = RecentPositions(capacity: 65_536)
        var closed = false
    }

    private let store: any LiveStore
    private let clock: any InletClock
    private let draining: DrainState
    private let render: @Sendable (TimelineEvent) -> String
    private let logger: Logger
    private let bufferCapacity: Int
    private let pollInterval: Duration
    private let heartbeatInterval: Duration
    private let state = Mutex(State())

    /// - Parameter render: the text of an event's frame.
    init(
        store: any LiveStore,
        clock: any InletClock = SystemClock(),
        draining: DrainState,
        logger: Logger,
        bufferCapacity: Int = 1024,
        pollInterval: Duration = .milliseconds(50),
        heartbeatInterval: Duration = .seconds(15),
        render: @escaping @Sendable (TimelineEvent) -> String
    ) {
        self.store = store
        self.clock = clock
        self.draining = draining
        self.logger = logger
        self.bufferCapacity = bufferCapacity
        self.pollInterval = pollInterval
        self.heartbeatInterval = heartbeatInterval
        self.render = render
    }

    /// A subscription's messages, the position they start after, and how to end it.
    struct Subscription: Sendable {
        var messages: AsyncStream<Message>
        var from: LivePosition
        /// Ends the messages, as when the client has gone.
        var cancel: @Sendable () -> Void
    }

    /// A subscription to an organization's events that pass `filter`, from
    /// the feed's position on. `onEnd` is called if the feed ends it. As the
    /// server starts, it waits up to 5 s for the store to be ready; nil if
    /// the feed has not started by then, is closed, or the store cannot say
    /// where its events end.
    func subscribe(organizationID: String, filter: LiveFilter, onEnd: @escaping @Sendable (Ending) -> Void) async -> Subscription? {
        let deadline = ContinuousClock.now + .seconds(5)
        while state.withLock({ !$0.started && !$0.closed }), ContinuousClock.now < deadline {
            try? await Task.sleep(for: pollInterval)
        }
        guard state.withLock({ $0.started }) else { return nil }
        // The first subscription anchors the feed where the store's events end now.
        var anchor: LivePosition?
        if state.withLock({ $0.position == nil }) {
            guard let now = try? await store.livePosition() else { return nil }
            anchor = now
        }
        let (messages, continuation) = AsyncStream.makeStream(of: Message.self, bufferingPolicy: .bufferingOldest(bufferCapacity))
        // A read in progress covers the subscriptions it started with only: a new one joins between reads.
        var joined: (id: Int, position: LivePosition)?
        joining: while true {
            switch join(organizationID: organizationID, filter: filter, anchor: anchor, continuation: continuation, onEnd: onEnd) {
            case .joined(let id, let position):
                joined = (id, position)
                break joining
            case .refused:
                break joining
            case .wait:
                try? await Task.sleep(for: .milliseconds(1))
            }
        }
        guard let (id, position) = joined else { return nil }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.subscribers[organizationID]?.removeValue(forKey: id) }
        }
        return Subscription(messages: messages, from: position, cancel: { continuation.finish() })
    }

    private enum Joining {
        case joined(id: Int, position: LivePosition)
        case wait
        case refused
    }

    /// Adds a subscriber between two reads, at the feed's position, or at
    /// `anchor` when the feed has none.
    private func join(
        organizationID: String,
        filter: LiveFilter,
        anchor: LivePosition?,
        continuation: AsyncStream<Message>.Continuation,
        onEnd: @escaping @Sendable (Ending) -> Void
    ) -> Joining {
        state.withLock { state in
            guard !state.closed, let position = state.position ?? anchor else { return .refused }
            guard !state.reading else { return .wait }
            state.position = position
            let id = state.nextID
            state.nextID += 1
            state.subscribers[organizationID, default: [:]][id] = Subscriber(filter: filter, continuation: continuation, onEnd: onEnd)
            return .joined(id: id, position: position)
        }
    }

    /// The position of an organization's event, to resume after it: from
    /// the events this feed passed on lately, else from the store.
    func position(ofEvent id: String, organizationID: String) async throws -> LivePosition? {
        if let recent = state.withLock({ $0.recent[id] }) {
            return recent.organizationID == organizationID ? recent.position : nil
        }
        return try await store.livePosition(ofEvent: id, organizationID: organizationID)
    }

    func run() async throws {
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
    /// full page was read. Until the store is ready, it waits; while nobody
    /// subscribes, it lets go of its position and reads nothing.
    private func step() async -> Bool {
        let limit = 1000
        guard state.withLock({ $0.started }) else {
            let ready = await store.isReady()
            state.withLock { $0.started = ready }
            return ready
        }
        let watch = state.withLock { state -> (position: LivePosition, filters: [String: [LiveFilter]])? in
            let filters = state.subscribers.compactMapValues { $0.isEmpty ? nil : $0.values.map(\.filter) }
            guard !filters.isEmpty, let position = state.position else {
                state.position = nil
                return nil
            }
            state.reading = true
            return (position, filters)
        }
        guard let (position, filters) = watch else { return false }
        defer { state.withLock { $0.reading = false } }
        do {
            let now = clock.nowMillis()
            let page = try await store.liveEvents(after: position, organizationIDs: Array(filters.keys), limit: limit) { header in
                filters[header.organizationID]?.contains { $0.matches(header, at: now) } ?? false
            }
            publish(page, at: now)
            return page.isFull
        } catch {
            logger.warning("Live feed read failed; retrying", metadata: ["error": "\(String(reflecting: type(of: error)))"])
            return false
        }
    }

    /// Passes a page's events on, rendered once each, outside the lock, and
    /// moves the feed's position to the page's end.
    private func publish(_ page: LivePage, at now: Int64) {
        let frames = page.events.map { LiveFrame(event: $0, text: render($0.event)) }
        let behind = state.withLock { state in
            state.position = max(state.position ?? page.end, page.end)
            var behind: [Subscriber] = []
            for frame in frames {
                let event = frame.event
                state.recent.insert(event.event.event.id, organizationID: event.organizationID, position: event.position)
                guard let subscribers = state.subscribers[event.organizationID] else { continue }
                let header = LiveEventHeader(event.event.event)
                for (id, subscriber) in subscribers where subscriber.filter.matches(header, at: now) {
                    if !Self.deliver(.event(frame), to: subscriber) {
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
struct LiveFrame: Sendable {
    var event: LiveEvent
    /// The frame's text.
    var text: String
}

/// The filters of `GET /api/v1/live`, like the timeline's.
struct LiveFilter: Sendable, Equatable {
    var source: String?
    var eventType: String?
    var workerID: String?
    /// The organization's retention when the stream opened: an event whose
    /// timestamp is already past it is not sent.
    var retentionDays: Int?

    func matches(_ header: LiveEventHeader, at now: Int64) -> Bool {
        (source.map { $0 == header.source } ?? true) && (eventType.map { $0 == header.eventType } ?? true)
            && (workerID.map { $0 == header.workerID } ?? true)
            && (Retention.cutoff(days: retentionDays, now: now).map { header.timestamp >= $0 } ?? true)
    }
}

extension LiveEventHeader {
    /// The header of a stored event.
    init(_ event: StoredEvent) {
        self.init(
            organizationID: event.organizationID,
            source: event.source,
            eventType: event.eventType,
            workerID: event.workerID,
            timestamp: event.timestamp
        )
    }
}
