import Foundation

/// How a stream authenticates a request that carries no key: the scheme its
/// sender signs deliveries with, and the shared secret. The secret is
/// write-only: the admin API and the dashboard never show it again.
struct StreamSignature: Sendable, Equatable {
    /// A sender's signing scheme, by its wire name.
    enum Scheme: String, Sendable, CaseIterable {
        /// `webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64>`,
        /// keyed with the decoded bytes of a `whsec_` secret.
        case standardWebhooks = "standard-webhooks"
        /// `X-Hub-Signature-256: sha256=<hex>` over the body, keyed with the secret's text.
        case github
        /// `Stripe-Signature: t=<seconds>,v1=<hex>` over `t.body`, keyed with the secret's text.
        case stripe
    }

    var scheme: Scheme
    var secret: String

    init(scheme: Scheme, secret: String) {
        self.scheme = scheme
        self.secret = secret
    }

    /// The signature a store holds as its scheme's name and secret; nil when
    /// the stream has none.
    init?(storedScheme: String?, secret: String?) {
        guard let scheme = storedScheme.flatMap(Scheme.init), let secret else { return nil }
        self.init(scheme: scheme, secret: secret)
    }

    /// A signature whose `secret` can key `scheme`: a `whsec_` secret whose
    /// base64 decodes to 24-64 bytes for Standard Webhooks, 8-255 characters
    /// without control characters for GitHub and Stripe; 400 `invalid_body` otherwise.
    static func checked(scheme: Scheme, secret: String) throws -> StreamSignature {
        switch scheme {
        case .standardWebhooks:
            guard let key = Self.standardWebhooksKey(secret), (24...64).contains(key.count) else {
                throw InletError.invalidBody("A standard-webhooks secret is 'whsec_' and the base64 of 24-64 bytes.")
            }
        case .github, .stripe:
            guard (8...255).contains(secret.unicodeScalars.count), secret.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) else {
                throw InletError.invalidBody("A \(scheme.rawValue) secret is 8-255 characters without control characters.")
            }
        }
        return StreamSignature(scheme: scheme, secret: secret)
    }

    /// The HMAC key: the decoded bytes of a Standard Webhooks secret, the text
    /// of the others.
    var key: [UInt8] {
        switch scheme {
        case .standardWebhooks: Self.standardWebhooksKey(secret) ?? []
        case .github, .stripe: Array(secret.utf8)
        }
    }

    private static func standardWebhooksKey(_ secret: String) -> [UInt8]? {
        guard secret.hasPrefix("whsec_") else { return nil }
        return Data(base64Encoded: String(secret.dropFirst(6))).map(Array.init)
    }
}
