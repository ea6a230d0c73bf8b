#if canImport(Glibc)
import Glibc
#endif

/// A loopback port that refuses every connection for as long as it is held: a
/// socket bound to it that never listens. Unlike a server that has stopped, its
/// port cannot be taken meanwhile by another test's listener.
enum RefusingPort {
    struct Unavailable: Error {}

    /// Runs `body` with the URL of a refusing port, released afterwards.
    static func with<Value>(_ body: (String) async throws -> Value) async throws -> Value {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Unavailable() }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(socket, pointer, length) == 0 && getsockname(socket, pointer, &length) == 0
            }
        }
        guard bound else { throw Unavailable() }
        return try await body("http://127.0.0.1:\(UInt16(bigEndian: address.sin_port))/hook")
    }
}
