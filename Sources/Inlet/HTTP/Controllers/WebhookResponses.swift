/// The wire shape of the webhook answer.
enum WebhookResponses {
    /// 202 when at least one item is stored, with what became of each item and
    /// the items refused; 422, with the first refusal's code on top, when none is.
    static func items(_ outcome: StreamItemsOutcome, received: Int, requestID: String, envelope: ErrorEnvelope) -> StoredResponse {
        var members: [(String, JSONValue)] = [
            ("status", .string(outcome.items.isEmpty ? "rejected" : "accepted")), ("received", .int(received)),
            ("stored", .int(outcome.items.count)), ("requestId", .string(requestID)),
            (
                "items",
                .array(outcome.items.map { .object([("index", .int($0.index)), ("id", .string($0.id)), ("result", .string($0.result.rawValue))]) })
            ),
            (
                "rejections",
                .array(
                    outcome.rejections.map {
                        .object([
                            ("index", .int($0.index)),
                            ("error", .object([("code", .string($0.error.code.rawValue)), ("message", .string($0.error.message))])),
                        ])
                    }
                )
            ),
        ]
        guard outcome.items.isEmpty, let first = outcome.rejections.first?.error else {
            return StoredResponse(status: .accepted, body: JSONWriter.bytes(.object(members)))
        }
        members.append(("error", envelope.errorObject(first.code, message: "No item was stored; the first: \(first.message)", requestID: requestID)))
        return StoredResponse(status: .unprocessableContent, body: JSONWriter.bytes(.object(members)))
    }
}
