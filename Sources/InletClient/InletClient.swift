import Foundation
import Synchronization

/// A client of an Inlet server: the Ingest API, lead ingest, webhook streams
/// and the reads, with idempotency by default and retries built in.
///
/// Every call gets one `Idempotency-Key` (unless given one), reused on each of
/// its retries, so a retry after a lost answer never stores a row twice.
/// Connection failures, timeouts, 409 `idempotency_in_progress`, 429 and 5xx
/// are retried with exponential backoff and full jitter, never sooner than the
/// server's `Retry-After`; other errors surface at once as
/// ``InletClientError``.
///
/// ```swift
/// let client = InletClient(apiKey: key, baseURL: URL(string: "http://127.0.0.1:8080")!)
/// try await client.ingestEvents(
///     [Event(eventType: "ticket.resolved", category: "project_management", actor: .email("alex@acme.com"))],
///     idempotencyKey: "\(jobID):\(attempt)")
/// ```
///
/// For fire-and-forget sending, ``enqueue(_:)`` buffers events and sends them
/// in batches; ``flush()`` and ``shutdown(timeout:)`` make sure they arrive.
public final class InletClient: Sendable {
    /// The version in the `User-Agent` (`inlet-swift/<version>`).
    public static let version = "0.1.0"

    /// How the client sends.
    public struct Options: Sendable {
        /// When and how often a call is tried again.
        public var retry = RetryPolicy()
        /// How long one request may wait for its answer.
        public var timeout: Duration = .seconds(30)
        /// The server's body limit on `/api/v1/ingest/*`: larger batches are split.
        public var bodyLimit = 5 << 20
        /// Events ``enqueue(_:)`` holds at most before it refuses.
        public var queueCapacity = 10_000
        /// Events per request of the buffered sender (at most 500).
        public var batchSize = 500
        /// How long an enqueued event waits at most for its batch to fill.
        public var flushInterval: Duration = .seconds(5)
        /// Batch requests of the buffered sender in flight at once.
        public var concurrentBatches = 8
        /// Told of every enqueued event that could not be delivered, and why.
        public var onUndelivered: (@Sendable (UndeliveredEvent) -> Void)?
        /// What sends the requests.
        public var transport: any InletTransport

        /// Options with the defaults above, sending through `transport`.
        public init(transport: any InletTransport = URLSessionTransport()) {
            self.transport = transport
        }
    }

    /// The server's base URL.
    public let baseURL: URL
    let apiKey: String
    let options: Options
    /// The active org unit's cookie, once ``setActiveUnit(_:)`` set it.
    private let unitCookie = Mutex<String?>(nil)
    let buffer: EventBuffer

    /// A client of the server at `baseURL` with an app's `wp_live_` key (or a
    /// stream's `ik_live_` key, for ``postToStream(_:items:itemKey:idempotencyKey:)``
    /// and ``streamItems(_:where:pageSize:)``).
    public init(apiKey: String, baseURL: URL, options: Options = Options()) {
        self.apiKey = apiKey
        self.baseURL = baseURL
        self.options = options
        buffer = EventBuffer(capacity: options.queueCapacity)
    }

    /// Checks the key: its organization, app and key id.
    public func ping() async throws -> Ping {
        try await decode(Ping.self, from: perform("GET", "/api/v1/ingest/ping"))
    }

    // MARK: - Requests

    /// Sends a request with its retries; returns the answer when `accepting`
    /// its status (by default any 2xx), else throws the server's error.
    func perform(
        _ method: String,
        _ path: String,
        query: [URLQueryItem] = [],
        body: [UInt8]? = nil,
        contentType: String = "application/json",
        headers extra: [(name: String, value: String)] = [],
        idempotencyKey: String? = nil,
        accepting: (Int) -> Bool = { (200..<300).contains($0) }
    ) async throws -> TransportResponse {
        let request = TransportRequest(
            method: method,
            url: url(path, query: query),
            headers: headers(body: body, contentType: contentType, idempotencyKey: idempotencyKey) + extra,
            body: body.map { Data($0) }
        )
        let started = ContinuousClock.now
        var attempt = 0
        while true {
            attempt += 1
            let failure: InletClientError
            do {
                let response = try await send(request)
                keepUnitCookie(from: response)
                if accepting(response.status) { return response }
                failure = InletClientError(response: response)
            } catch let error as InletClientError {
                failure = error
            } catch let error as CancellationError {
                throw error
            } catch {
                failure = .connectionFailed(error)
            }
            guard failure.retryable, attempt < options.retry.maxAttempts else { throw failure }
            let delay = options.retry.delay(after: attempt, retryAfter: failure.retryAfter)
            if let deadline = options.retry.deadline, ContinuousClock.now + delay > started + deadline { throw failure }
            try await Task.sleep(for: delay)
        }
    }

    /// One attempt, bounded by the request timeout.
    private func send(_ request: TransportRequest) async throws -> TransportResponse {
        let transport = options.transport
        let timeout = options.timeout
        return try await withThrowingTaskGroup(of: TransportResponse?.self) { group in
            group.addTask { try await transport.send(request) }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let response = try await group.next() ?? nil else { throw InletClientError.timedOut(after: timeout) }
            return response
        }
    }

    private func url(_ path: String, query: [URLQueryItem]) -> URL {
        var base = baseURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        var components = URLComponents(string: base + path)!
        if !query.isEmpty { components.queryItems = query }
        return components.url!
    }

    private func headers(body: [UInt8]?, contentType: String, idempotencyKey: String?) -> [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = [
            ("Authorization", "Bearer " + apiKey), ("Accept", "application/json"), ("User-Agent", "inlet-swift/\(Self.version)"),
        ]
        if body != nil { headers.append(("Content-Type", contentType)) }
        if let idempotencyKey { headers.append(("Idempotency-Key", idempotencyKey)) }
        if let cookie = unitCookie.withLock({ $0 }) { headers.append(("Cookie", "inlet_ou=" + cookie)) }
        return headers
    }

    private func keepUnitCookie(from response: TransportResponse) {
        guard let header = response.headers["set-cookie"], let range = header.range(of: "inlet_ou=") else { return }
        let value = header[range.upperBound...].prefix { $0 != ";" && $0 != "," }
        unitCookie.withLock { $0 = String(value) }
    }

    /// The answer's body as `type`.
    func decode<Answer: Decodable>(_ type: Answer.Type, from response: TransportResponse) throws -> Answer {
        do {
            return try Self.decoder.decode(type, from: response.body)
        } catch {
            throw InletClientError.unreadable(response)
        }
    }

    /// Request bodies, members in the order given.
    func encode(_ value: some Encodable) throws -> [UInt8] {
        try OrderedJSONEncoder().encode(value)
    }

    /// A decoder of the wire's JSON: times in RFC 3339, with or without
    /// fractions of a second. Use it to read ``Event``s from files or queues.
    public static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            if let date = try? Date(text, strategy: .iso8601.year().month().day().time(includingFractionalSeconds: true)) { return date }
            if let date = try? Date(text, strategy: .iso8601) { return date }
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "Not an RFC 3339 time: \(text)"))
        }
        return decoder
    }()

    /// A path segment, percent-encoded.
    static func segment(_ text: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/?#")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
