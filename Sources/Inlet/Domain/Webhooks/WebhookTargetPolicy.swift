import Foundation
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// Which URLs webhooks may be sent to: http or https with a host, and, unless
/// private targets are allowed, a host whose every address is public (not
/// private, loopback, link-local, shared, multicast or unspecified), so that a
/// webhook cannot reach the server's own network.
struct WebhookTargetPolicy: Sendable {
    /// Set by `--webhooks-allow-private`: any resolvable host is allowed.
    var allowsPrivate: Bool

    /// The URL's addresses, checked; 400 `invalid_body` saying why not.
    @discardableResult
    func check(_ text: String) async throws -> [SocketAddress] {
        guard text.utf8.count <= 2048, let url = URL(string: text), let scheme = url.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = url.host(percentEncoded: false), !host.isEmpty,
            url.user == nil, url.password == nil
        else {
            throw InletError.invalidBody("'url' must be an http or https URL with a host and no user, of at most 2048 bytes.")
        }
        let addresses = try await Self.resolve(host)
        guard allowsPrivate || addresses.allSatisfy(Self.isPublic) else {
            throw InletError.invalidBody(
                "'url' names a private, loopback or link-local address; the server takes such targets only with --webhooks-allow-private."
            )
        }
        return addresses
    }

    /// Every address `host` resolves to (an IP literal is its own address).
    static func resolve(_ host: String) async throws -> [SocketAddress] {
        let literal = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        let addresses = try await NIOThreadPool.singleton.runIfActive { lookUp(literal) }
        guard !addresses.isEmpty else { throw InletError.invalidBody("The host of 'url' could not be resolved.") }
        return addresses
    }

    private static func lookUp(_ host: String) -> [SocketAddress] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var first: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &first) == 0 else { return [] }
        defer { freeaddrinfo(first) }
        var addresses: [SocketAddress] = []
        var next = first
        while let info = next {
            switch info.pointee.ai_family {
            case AF_INET:
                let address = info.pointee.ai_addr.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee }
                addresses.append(SocketAddress(address, host: host))
            case AF_INET6:
                let address = info.pointee.ai_addr.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee }
                addresses.append(SocketAddress(address, host: host))
            default: break
            }
            next = info.pointee.ai_next
        }
        return addresses
    }

    /// Whether `address` is a public unicast address.
    static func isPublic(_ address: SocketAddress) -> Bool {
        switch address {
        case .v4(let v4):
            var raw = v4.address.sin_addr
            return isPublic(v4: withUnsafeBytes(of: &raw) { Array($0) })
        case .v6(let v6):
            var raw = v6.address.sin6_addr
            return isPublic(v6: withUnsafeBytes(of: &raw) { Array($0) })
        case .unixDomainSocket:
            return false
        }
    }

    /// IPv4 in network order: not 0/8, 10/8, 100.64/10, 127/8, 169.254/16,
    /// 172.16/12, 192.0.0/24, 192.168/16, 198.18/15, 224/4 or 240/4.
    static func isPublic(v4 bytes: [UInt8]) -> Bool {
        let (a, b, c) = (bytes[0], bytes[1], bytes[2])
        return
            !(a == 0 || a == 10 || a == 127 || a >= 224 || (a == 100 && (64...127).contains(b)) || (a == 169 && b == 254)
            || (a == 172 && (16...31).contains(b)) || (a == 192 && b == 0 && c == 0) || (a == 192 && b == 168)
            || (a == 198 && (18...19).contains(b)))
    }

    /// IPv6: not `::`, `::1`, fc00::/7, fe80::/10 or ff00::/8; an IPv4-mapped
    /// or NAT64 address as its IPv4 address.
    static func isPublic(v6 bytes: [UInt8]) -> Bool {
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF { return isPublic(v4: Array(bytes[12...])) }
        if bytes[0..<12] == [0x00, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0] { return isPublic(v4: Array(bytes[12...])) }
        if bytes[0..<15].allSatisfy({ $0 == 0 }) && bytes[15] <= 1 { return false }
        return !(bytes[0] & 0xFE == 0xFC || (bytes[0] == 0xFE && bytes[1] & 0xC0 == 0x80) || bytes[0] == 0xFF)
    }
}
