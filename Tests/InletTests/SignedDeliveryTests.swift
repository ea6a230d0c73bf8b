import HTTPTypes
import Testing

@testable import Inlet

/// ``SignedDelivery`` against the examples the senders publish.
@Suite struct SignedDeliveryTests {
    private func headers(_ fields: [String: String]) -> HTTPFields {
        var headers = HTTPFields()
        for (name, value) in fields { headers[HTTPField.Name(name)!] = value }
        return headers
    }

    /// The example of the Standard Webhooks specification, with a rotated-out
    /// signature beside the valid one as its senders send them.
    @Test func theStandardWebhooksExampleVerifies() throws {
        let signature = try StreamSignature.checked(scheme: .standardWebhooks, secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
        let body = Array(#"{"test": 2432232314}"#.utf8)
        var fields = [
            "webhook-id": "msg_p5jXN8AQM9LWM0D4loKWxJek",
            "webhook-timestamp": "1614265330",
            "webhook-signature": "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
        ]
        let delivery = SignedDelivery(headers: headers(fields), body: body, signature: signature, now: 1_614_265_330 + 299)
        #expect(delivery?.deliveryID == "msg_p5jXN8AQM9LWM0D4loKWxJek")
        #expect(SignedDelivery(headers: headers(fields), body: body, signature: signature, now: 1_614_265_330 + 301) == nil)
        fields["webhook-signature"] = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc="
        #expect(SignedDelivery(headers: headers(fields), body: body, signature: signature, now: 1_614_265_330) == nil)
    }

    /// GitHub's documented example: secret "It's a Secret to Everybody", payload "Hello, World!".
    @Test func gitHubsExampleVerifies() throws {
        let signature = try StreamSignature.checked(scheme: .github, secret: "It's a Secret to Everybody")
        let fields = [
            "X-Hub-Signature-256": "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
            "X-GitHub-Delivery": "72d3162e-cc78-11e3-81ab-4c9367dc0958",
        ]
        let delivery = SignedDelivery(headers: headers(fields), body: Array("Hello, World!".utf8), signature: signature, now: 0)
        #expect(delivery?.deliveryID == "72d3162e-cc78-11e3-81ab-4c9367dc0958")
        #expect(SignedDelivery(headers: headers(fields), body: Array("Hello, World?".utf8), signature: signature, now: 0) == nil)
    }
}
