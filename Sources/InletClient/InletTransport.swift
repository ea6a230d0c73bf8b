import Foundation

/// Sends one HTTP request and returns the answer: the seam between the client
/// and the network. ``URLSessionTransport`` is the default; an app can bring
/// its own (a proxy, a test double that injects faults).
public protocol InletTransport: Sendable {
    /// Sends `request`. Throws when no answer came (connection refused, reset,
    /// lost); any status, 5xx included, is an answer.
    func send(_ request: TransportRequest) async throws -> TransportResponse
}

/// A request as the transport sends it.
public struct TransportRequest: Sendable {
    /// `GET` or `POST`.
    public var method: String
    /// The whole URL, query included.
    public var url: URL
    /// Header fields in order.
    public var headers: [(name: String, value: String)]
    /// The body, for a `POST`.
    public var body: Data?

    /// The value of the header `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

/// An answer as the transport received it.
public struct TransportResponse: Sendable {
    /// The HTTP status.
    public var status: Int
    /// Header fields, names in lower case.
    public var headers: [String: String]
    /// The body as received.
    public var body: Data

    /// An answer; header names are kept in lower case.
    public init(status: Int, headers: [String: String], body: Data) {
        self.status = status
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        self.body = body
    }
}
