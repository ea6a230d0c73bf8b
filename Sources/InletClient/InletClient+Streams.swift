extension InletClient {
    /// Posts items to the webhook stream `stream` (`POST /api/webhook/{stream}`)
    /// with the stream's `ik_live_` key. An item whose identity (the field
    /// `itemKey` names, else the stream's default key, else its position)
    /// already exists is updated.
    public func postToStream(
        _ stream: String,
        items: [JSONValue],
        itemKey: String? = nil,
        idempotencyKey: String? = nil
    ) async throws -> StreamPostResult {
        let response = try await perform(
            "POST",
            "/api/webhook/" + Self.segment(stream),
            body: try encode(JSONValue.array(items)),
            headers: itemKey.map { [("X-Item-Key", $0)] } ?? [],
            idempotencyKey: idempotencyKey ?? IdempotencyKey.random()
        )
        return try decode(StreamPostResult.self, from: response)
    }
}
