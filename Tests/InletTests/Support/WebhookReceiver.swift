import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// A webhook receiver on a loopback port: it records what it is sent and
/// answers as told, or hangs.
final class WebhookReceiver: Sendable {
    enum Behaviour: Sendable {
        case answer(Int)
        /// Holds the request open for 12 s, past the sender's 10 s timeout.
        case hang
    }

    struct Received: Sendable {
        var headers: HTTPFields
        var body: [UInt8]

        func header(_ name: String) -> String? { headers[HTTPField.Name(name)!] }
    }

    private let state = Mutex<(received: [Received], behaviour: Behaviour)>(([], .answer(204)))
    /// Set as the receiver stops: a hanging request then ends at once.
    private let closing = Atomic(false)

    var received: [Received] { state.withLock { $0.received } }

    func behave(_ behaviour: Behaviour) {
        state.withLock { $0.behaviour = behaviour }
    }

    /// Waits up to `seconds` until `holds` is true of what was received; returns it.
    func eventually(within seconds: Double = 10, until holds: ([Received]) -> Bool) async throws -> [Received] {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while !holds(received) && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        return received
    }

    /// Runs a receiver and `body` with it and the URL it answers at.
    static func with<Value: Sendable>(_ body: @Sendable (WebhookReceiver, String) async throws -> Value) async throws -> Value {
        let receiver = WebhookReceiver()
        let router = Router()
        router.post("/hook") { request, _ -> Response in
            let bytes = try await request.body.collect(upTo: 1 << 20)
            let behaviour = receiver.state.withLock { state in
                state.received.append(Received(headers: request.headers, body: Array(bytes.readableBytesView)))
                return state.behaviour
            }
            switch behaviour {
            case .answer(let code):
                return Response(status: .init(code: code))
            case .hang:
                let until = ContinuousClock.now + .seconds(12)
                while !receiver.closing.load(ordering: .relaxed) && ContinuousClock.now < until {
                    try await Task.sleep(for: .milliseconds(50))
                }
                return Response(status: .ok)
            }
        }
        let (ports, port) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "receiver")
        logger.logLevel = .critical
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in port.yield(channel.localAddress?.port ?? 0) },
            logger: logger
        )
        // Stopped gracefully, not cancelled: cancelling a server with a request
        // in flight can trap in NIO's response writer.
        let services = ServiceGroup(configuration: .init(services: [app], logger: logger))
        return try await withThrowingTaskGroup(of: Value?.self) { group in
            group.addTask {
                try await services.run()
                return nil
            }
            var iterator = ports.makeAsyncIterator()
            let bound = await iterator.next() ?? 0
            let result: Result<Value, any Error>
            do {
                result = .success(try await body(receiver, "http://127.0.0.1:\(bound)/hook"))
            } catch {
                result = .failure(error)
            }
            receiver.closing.store(true, ordering: .relaxed)
            await services.triggerGracefulShutdown()
            try await group.waitForAll()
            return try result.get()
        }
    }
}
