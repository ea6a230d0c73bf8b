import Foundation
import InletClient
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A real `inlet` server for the client tests, on a fresh database of a
/// backend, with its app key, and clients made for it.
struct ClientServer: Sendable {
    static let token = "client-admin-token"
    let process: InletProcess
    let key: String
    var baseURL: URL { URL(string: "http://127.0.0.1:\(process.port)")! }

    static func start(_ backend: Backend) async throws -> ClientServer {
        let database = try await backend.freshDatabase()
        let process = try await InletProcess(database: database, adminToken: token)
        return ClientServer(process: process, key: try #require(process.appKey))
    }

    /// A client with quick retries (the policy's shape, shorter waits).
    func client(
        key: String? = nil,
        faults: FaultTransport? = nil,
        configure: (inout InletClient.Options) -> Void = { _ in }
    ) -> InletClient {
        var options = InletClient.Options(transport: faults ?? URLSessionTransport())
        options.retry = RetryPolicy(maxAttempts: 6, base: .milliseconds(50), cap: .milliseconds(400))
        configure(&options)
        return InletClient(apiKey: key ?? self.key, baseURL: baseURL, options: options)
    }

    /// Sends an admin request; returns the answer's JSON.
    func admin(_ method: String, _ path: String, body: String? = nil) async throws -> [String: Any] {
        var request = URLRequest(url: baseURL.appendingPathComponent(path))
        request.httpMethod = method
        request.setValue("Bearer " + Self.token, forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = body.map { Data($0.utf8) }
        let (data, _) = try await URLSession.shared.data(for: request)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// Every event of the timeline with this event type.
    func stored(eventType: String) async throws -> [TimelineEvent] {
        var events: [TimelineEvent] = []
        for try await event in client().timeline(TimelineQuery(eventType: eventType, pageSize: 100)) { events.append(event) }
        return events
    }

    func stop() async throws {
        process.signal(SIGTERM)
        _ = try await process.waitForExit()
    }
}
