import Foundation
import NIOPosix
import Testing

@testable import Inlet

#if canImport(Glibc)
import Glibc
#endif

/// Connections that send part of a request and stall are closed after the idle
/// timeout, and ingest stays available meanwhile.
@Suite("Slow and idle clients")
struct SlowClientTests {
    /// A raw TCP connection to the loopback port.
    private static func connect(port: Int) throws -> Int32 {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw InletError.internalError }
        return socket
    }

    /// Whether the server has closed the connection (whatever it answered
    /// first), waiting up to `seconds`.
    private static func isClosed(_ socket: Int32, within seconds: Double) -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
        var buffer = [UInt8](repeating: 0, count: 4096)
        while ContinuousClock.now < deadline {
            var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 100) > 0 else { continue }
            if recv(socket, &buffer, buffer.count, 0) <= 0 { return true }
        }
        return false
    }

    private static func post(port: Int, key: String) async throws -> Int {
        try await MultiInstanceTests.send(.post, "/api/v1/ingest/events", port: port, key: key, body: batch(event())).status
    }

    @Test(arguments: Backend.all)
    func stalledRequestsAreDisconnectedAndIngestStaysUp(backend: Backend) async throws {
        var configuration = try await testConfiguration(backend)
        configuration.idleTimeout = .milliseconds(500)
        try await withLiveServer(configuration) { server in
            let port = try #require(server.client.port)
            // The sockets block: they are driven from NIO's thread pool, so
            // that the server's tasks keep their cooperative threads.
            let sockets = try await NIOThreadPool.singleton.runIfActive {
                try (0..<500).map { index in
                    let socket = try Self.connect(port: port)
                    // Half send part of a request head, half part of a body.
                    let partial =
                        index.isMultiple(of: 2)
                        ? "POST /api/v1/ingest/events HTTP/1.1\r\nHost: x\r\nContent-Le"
                        : "POST /api/v1/ingest/events HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"events\": ["
                    _ = partial.withCString { send(socket, $0, strlen($0), 0) }
                    return socket
                }
            }
            defer { for socket in sockets { close(socket) } }
            // Ingest stays available while they hang (on fresh connections: idle ones are closed too).
            #expect(try await Self.post(port: port, key: server.appKey) == 200)
            try await Task.sleep(for: .milliseconds(1500))
            let closed = try await NIOThreadPool.singleton.runIfActive { sockets.count { Self.isClosed($0, within: 1) } }
            #expect(closed == sockets.count, "\(sockets.count - closed) stalled connections are still open")
            #expect(try await Self.post(port: port, key: server.appKey) == 200)
        }
    }
}
