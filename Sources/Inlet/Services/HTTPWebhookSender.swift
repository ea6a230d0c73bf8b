import AsyncHTTPClient
import Foundation
import HTTPTypes
import NIOCore

/// Sends webhooks with AsyncHTTPClient: 10 s per attempt, redirects not
/// followed, and every connection made to an address ``WebhookTargetPolicy``
/// checked. Each host has its own client that maps the name to that address,
/// so TLS still checks the certificate for the name; the host is resolved and
/// checked again after a minute.
actor HTTPWebhookSender: WebhookSender {
    static let timeout = TimeAmount.seconds(10)
    static let recheck = Duration.seconds(60)

    private struct HostClient {
        var address: String
        var client: HTTPClient
        var checkedAt: ContinuousClock.Instant
    }

    private let targets: WebhookTargetPolicy
    private var clients: [String: HostClient] = [:]

    init(targets: WebhookTargetPolicy) {
        self.targets = targets
    }

    nonisolated func post(_ body: [UInt8], headers: HTTPFields, to url: String) async -> Int? {
        guard let client = try? await client(for: url) else { return nil }
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        for field in headers { request.headers.add(name: field.name.rawName, value: field.value) }
        request.body = .bytes(body)
        do {
            let response = try await client.execute(request, timeout: Self.timeout)
            _ = try? await response.body.collect(upTo: 1 << 16)
            return Int(response.status.code)
        } catch {
            return nil
        }
    }

    func shutdown() async {
        for host in clients.values { try? await host.client.shutdown() }
        clients = [:]
    }

    /// The client of the URL's host, whose address was checked within the
    /// last minute; throws when the target is refused.
    private func client(for url: String) async throws -> HTTPClient {
        guard let host = URL(string: url)?.host(percentEncoded: false) else { throw InletError.invalidBody("No host.") }
        let now = ContinuousClock.now
        if let cached = clients[host], now - cached.checkedAt < Self.recheck { return cached.client }
        guard let address = try await targets.check(url).first?.ipAddress else { throw InletError.invalidBody("No address.") }
        if var cached = clients[host], cached.address == address {
            cached.checkedAt = now
            clients[host] = cached
            return cached.client
        }
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow, timeout: .init(connect: Self.timeout, read: Self.timeout))
        configuration.dnsOverride = [host: address]
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        if let replaced = clients[host]?.client {
            // Attempts still running on it end within their timeout.
            Task {
                try? await Task.sleep(for: .seconds(15))
                try? await replaced.shutdown()
            }
        }
        clients[host] = HostClient(address: address, client: client, checkedAt: now)
        return client
    }
}
