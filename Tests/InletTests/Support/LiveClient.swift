import Foundation

@testable import Inlet

#if canImport(Glibc)
import Glibc
#endif

/// A Server-Sent Events client of `GET /api/v1/live` over a raw loopback
/// socket: it reads the response head, undoes the chunked encoding and splits
/// the body into frames. Reads never block a thread: an empty socket is
/// polled again after a short sleep.
final class LiveClient {
    /// One frame: an event (`id`, `event`, `data`) or a comment.
    struct Frame: Equatable {
        var id: String?
        var event: String?
        var data: String?
        var comment: String?

        /// The `data` of an event frame, parsed.
        var json: JSONValue? { data.flatMap { try? JSONParser.parse(Array($0.utf8)) } }
    }

    private let socket: Int32
    private var raw: [UInt8] = []
    private var body: [UInt8] = []
    private(set) var status = 0
    private(set) var head = ""
    private var chunked = false
    /// Whether the server closed the connection, or ended the chunked body.
    private(set) var ended = false
    /// Whether the chunked body ended with its last chunk.
    private(set) var completed = false

    /// Connects and sends the request; `receiveBuffer` shrinks the socket's receive buffer (bytes).
    init(port: Int, path: String = "/api/v1/live", headers: [String: String], receiveBuffer: Int32? = nil) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        if var size = receiveBuffer {
            setsockopt(socket, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw InletError.internalError }
        var request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        request += "\r\n"
        _ = request.withCString { send(socket, $0, strlen($0), 0) }
    }

    deinit { close(socket) }

    /// The next frame, waiting up to `timeout`; nil if none came in time or the stream ended.
    func next(within timeout: Duration = .seconds(5)) async throws -> Frame? {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let frame = takeFrame() { return frame }
            if ended || ContinuousClock.now >= deadline { return nil }
            if !receive() { try await Task.sleep(for: .milliseconds(5)) }
        }
    }

    /// The next event frame, skipping comments.
    func nextEvent(within timeout: Duration = .seconds(5)) async throws -> Frame? {
        let deadline = ContinuousClock.now + timeout
        while let frame = try await next(within: deadline - ContinuousClock.now) {
            if frame.id != nil { return frame }
        }
        return nil
    }

    /// Waits until the response head has arrived and returns the status.
    /// The head follows store reads, so it may wait as long as they may.
    func awaitHead(within timeout: Duration = testDatabaseTimeout) async throws -> Int {
        let deadline = ContinuousClock.now + timeout
        while status == 0 && !ended && ContinuousClock.now < deadline {
            if !receive() { try await Task.sleep(for: .milliseconds(5)) }
        }
        return status
    }

    /// Reads and discards until the server closes the connection or
    /// `timeout` passes; the bytes read and whether it closed.
    func drain(within timeout: Duration) async throws -> (bytes: Int, closed: Bool) {
        let deadline = ContinuousClock.now + timeout
        var bytes = raw.count + body.count
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while ContinuousClock.now < deadline {
            var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 0) > 0 else {
                try await Task.sleep(for: .milliseconds(5))
                continue
            }
            let count = recv(socket, &buffer, buffer.count, 0)
            if count <= 0 { return (bytes, true) }
            bytes += count
        }
        return (bytes, false)
    }

    /// Reads what the socket holds; whether anything came.
    private func receive() -> Bool {
        var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, 0) > 0 else { return false }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let count = recv(socket, &buffer, buffer.count, 0)
        guard count > 0 else {
            ended = true
            return true
        }
        raw += buffer[0..<count]
        decode()
        return true
    }

    /// Moves complete parts of `raw` into the head and `body`.
    private func decode() {
        if status == 0 {
            guard let end = Self.find([13, 10, 13, 10], in: raw) else { return }
            head = String(decoding: raw[0..<end], as: UTF8.self)
            status = Int(head.split(separator: " ").dropFirst().first ?? "") ?? -1
            chunked = head.lowercased().contains("transfer-encoding: chunked")
            raw.removeFirst(end + 4)
        }
        guard chunked else {
            body += raw
            raw = []
            return
        }
        while let lineEnd = Self.find([13, 10], in: raw) {
            let size = Int(String(decoding: raw[0..<lineEnd], as: UTF8.self), radix: 16) ?? 0
            guard raw.count >= lineEnd + 2 + size + 2 else { return }
            if size == 0 {
                ended = true
                completed = true
                return
            }
            body += raw[(lineEnd + 2)..<(lineEnd + 2 + size)]
            raw.removeFirst(lineEnd + 2 + size + 2)
        }
    }

    private func takeFrame() -> Frame? {
        guard let end = Self.find([10, 10], in: body) else { return nil }
        let text = String(decoding: body[0..<end], as: UTF8.self)
        body.removeFirst(end + 2)
        var frame = Frame()
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix(":") {
                frame.comment = line.dropFirst().trimmingCharacters(in: .whitespaces)
            } else if let colon = line.firstIndex(of: ":") {
                let value = String(line[line.index(after: colon)...].drop { $0 == " " })
                switch line[..<colon] {
                case "id": frame.id = value
                case "event": frame.event = value
                case "data": frame.data = (frame.data.map { $0 + "\n" } ?? "") + value
                default: break
                }
            }
        }
        return frame
    }

    private static func find(_ needle: [UInt8], in bytes: [UInt8]) -> Int? {
        guard bytes.count >= needle.count else { return nil }
        for start in 0...(bytes.count - needle.count) where bytes[start] == needle[0] {
            if Array(bytes[start..<(start + needle.count)]) == needle { return start }
        }
        return nil
    }
}
