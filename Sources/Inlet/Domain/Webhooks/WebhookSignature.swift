import Crypto
import Foundation
import HTTPTypes

/// The headers of the Standard Webhooks specification for one attempt:
/// `webhook-id` (the event's id, the same on every attempt), `webhook-timestamp`
/// (seconds) and `webhook-signature: v1,<base64 HMAC-SHA256(secret, id.timestamp.body)>`,
/// keyed with the decoded bytes of the `whsec_` secret.
enum WebhookSignature {
    static func headers(id: String, timestamp: Int64, body: [UInt8], secret: String) -> HTTPFields {
        let key = SymmetricKey(data: Data(base64Encoded: String(secret.dropFirst("whsec_".count))) ?? Data())
        let mac = HMAC<SHA256>.authenticationCode(for: Array("\(id).\(timestamp).".utf8) + body, using: key)
        return [
            .webhookID: id,
            .webhookTimestamp: String(timestamp),
            .webhookSignature: "v1," + Data(mac).base64EncodedString(),
            .contentType: "application/json",
        ]
    }
}
