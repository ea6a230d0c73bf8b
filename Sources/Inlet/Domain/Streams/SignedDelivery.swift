import Crypto
import Foundation
import HTTPTypes

/// A webhook request whose signature a stream's ``StreamSignature`` verified,
/// over the raw body bytes and before they are parsed.
struct SignedDelivery: Sendable {
    /// Timestamps further than this from now, in seconds, are refused.
    static let tolerance: Int64 = 300

    /// The sender's id of this delivery (`webhook-id`, `X-GitHub-Delivery`, the
    /// Stripe event's `id`) when it can serve as an Idempotency-Key.
    var deliveryID: String?

    /// The delivery when `headers` sign `body` under `signature` at `now`
    /// (seconds since 1970); nil when they do not.
    init?(headers: HTTPFields, body: [UInt8], signature: StreamSignature, now: Int64) {
        let key = SymmetricKey(data: signature.key)
        switch signature.scheme {
        case .standardWebhooks:
            guard let id = headers.value(.webhookID), let timestamp = headers.value(.webhookTimestamp),
                Self.isRecent(timestamp, now: now), let sent = headers.value(.webhookSignature)
            else { return nil }
            let macs = sent.split(separator: " ").compactMap { part in
                part.hasPrefix("v1,") ? Data(base64Encoded: String(part.dropFirst(3))) : nil
            }
            guard Self.anyAuthenticates(macs, Array("\(id).\(timestamp).".utf8) + body, key) else { return nil }
            deliveryID = id
        case .github:
            guard let sent = headers.value(.hubSignature256), sent.hasPrefix("sha256="), let mac = Self.hex(sent.dropFirst(7)),
                Self.anyAuthenticates([mac], body, key)
            else { return nil }
            deliveryID = headers.value(.gitHubDelivery)
        case .stripe:
            guard let sent = headers.value(.stripeSignature) else { return nil }
            var timestamp: Substring?
            var macs: [Data] = []
            for part in sent.split(separator: ",") {
                let pair = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
                guard pair.count == 2 else { continue }
                if pair[0] == "t" { timestamp = pair[1] }
                if pair[0] == "v1", let mac = Self.hex(pair[1]) { macs.append(mac) }
            }
            guard let timestamp, Self.isRecent(timestamp, now: now),
                Self.anyAuthenticates(macs, Array("\(timestamp).".utf8) + body, key)
            else { return nil }
            deliveryID = Self.eventID(body)
        }
        if let id = deliveryID, (try? IdempotencyGate.requireWellFormed(id)) == nil { deliveryID = nil }
    }

    /// Whether one of `macs` is the HMAC-SHA256 of `content`, compared in constant time.
    private static func anyAuthenticates(_ macs: [Data], _ content: [UInt8], _ key: SymmetricKey) -> Bool {
        macs.reduce(false) { found, mac in
            HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: content, using: key) || found
        }
    }

    private static func isRecent(_ timestamp: some StringProtocol, now: Int64) -> Bool {
        guard let seconds = Int64(timestamp) else { return false }
        return abs(now - seconds) <= tolerance
    }

    /// Lowercase or uppercase hex as bytes.
    private static func hex(_ text: some StringProtocol) -> Data? {
        let digits = Array(text.utf8)
        guard digits.count.isMultiple(of: 2) else { return nil }
        var bytes = Data(capacity: digits.count / 2)
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let high = hexValue(digits[index]), let low = hexValue(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }

    private static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// The `id` of a Stripe event body.
    private static func eventID(_ body: [UInt8]) -> String? {
        guard case .object(let members) = try? JSONParser.parse(body) else { return nil }
        return members.first { $0.0 == "id" }?.1.stringValue
    }
}

extension HTTPField.Name {
    static let webhookID = HTTPField.Name("webhook-id")!
    static let webhookTimestamp = HTTPField.Name("webhook-timestamp")!
    static let webhookSignature = HTTPField.Name("webhook-signature")!
    static let hubSignature256 = HTTPField.Name("X-Hub-Signature-256")!
    static let gitHubDelivery = HTTPField.Name("X-GitHub-Delivery")!
    static let stripeSignature = HTTPField.Name("Stripe-Signature")!
}
