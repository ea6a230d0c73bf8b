import Foundation
import InletClient
import Synchronization

/// A transport in front of the real one that injects faults, one per request
/// in order, and records what the client sent.
final class FaultTransport: InletTransport {
    enum Fault: Sendable {
        /// The request reaches the server, and its answer is lost.
        case loseAnswer
        /// The server is not asked; this status is the answer.
        case answer(status: Int, code: String, retryAfter: Int?)
        /// No answer for this long, and none reaches the server.
        case hang(Duration)
    }

    /// A request as sent: its path and idempotency key.
    struct Sent: Sendable {
        var path: String
        var idempotencyKey: String?
        var at: ContinuousClock.Instant
    }

    private let inner = URLSessionTransport()
    private let faults: Mutex<[Fault]>
    private let log = Mutex<[Sent]>([])

    init(_ faults: [Fault] = []) {
        self.faults = Mutex(faults)
    }

    var sent: [Sent] { log.withLock { $0 } }

    func send(_ request: TransportRequest) async throws -> TransportResponse {
        log.withLock { $0.append(Sent(path: request.url.path, idempotencyKey: request.header("Idempotency-Key"), at: .now)) }
        let fault = faults.withLock { $0.isEmpty ? nil : $0.removeFirst() }
        switch fault {
        case nil:
            return try await inner.send(request)
        case .loseAnswer:
            _ = try await inner.send(request)
            throw URLError(.networkConnectionLost)
        case .answer(let status, let code, let retryAfter):
            let body = #"{"error": {"code": "\#(code)", "message": "injected", "requestId": "req_fault"}}"#
            return TransportResponse(
                status: status,
                headers: retryAfter.map { ["Retry-After": String($0)] } ?? [:],
                body: Data(body.utf8)
            )
        case .hang(let duration):
            try await Task.sleep(for: duration)
            throw URLError(.timedOut)
        }
    }
}
