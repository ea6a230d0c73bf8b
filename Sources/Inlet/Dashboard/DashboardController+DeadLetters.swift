import Hummingbird

extension DashboardController {
    /// Dead letters shown per page.
    static let deadLetterPage = 50

    func addDeadLetterRoutes(to group: RouterGroup<InletRequestContext>) {
        group.get("dead-letters", use: deadLetters)
        group.post("dead-letters/:id/replay", use: replayDeadLetter)
    }

    /// Dead letters newest first, by reason, with their payload and a replay button.
    @Sendable func deadLetters(_ request: Request, context: InletRequestContext) async throws -> Response {
        let scope = try await scope(request)
        let query = request.uri.queryParameters
        let reason = query.get("reason").nonEmpty
        let before = try Cursor.decode(query.get("cursor"), parts: 1).flatMap { Int64($0[0]) }
        let letters = try await store.deadLetters(
            DeadLetterQuery(
                organizationID: scope.organization.id,
                reasonCode: reason,
                before: before,
                failedSince: scope.organization.retainedSince(pipeline.clock.nowMillis()),
                limit: Self.deadLetterPage + 1
            )
        )
        let page = letters.prefix(Self.deadLetterPage)
        var values = scope.layout(title: "Dead letters", tab: "deadletters")
        values["reason"] = reason ?? ""
        values["letters"] = page.map { stored in
            let letter = stored.deadLetter
            return [
                "id": letter.id, "reasonCode": letter.reason.code, "reasonMessage": letter.reason.message,
                "receivedAt": RFC3339.format(letter.queued.receivedAt), "failedAt": RFC3339.format(letter.failedAt),
                "eventId": letter.queued.event.id, "payload": JSONWriter.string(letter.payload),
            ]
        }
        values["empty"] = page.isEmpty
        values["notice"] = query.get("notice")
        let reasonQuery = reason.map { "&reason=\($0.urlQueryEncoded)" } ?? ""
        if letters.count > Self.deadLetterPage, let last = page.last {
            values["next"] = "?org=\(scope.organization.slug.urlQueryEncoded)\(reasonQuery)&cursor=" + Cursor.encode([String(last.sequence)])
        }
        return pages.page("dead-letters", values)
    }

    /// Queues the dead letter's event again, as the API's replay does.
    @Sendable func replayDeadLetter(_ request: Request, context: InletRequestContext) async throws -> Response {
        let (scope, _) = try await form(request)
        let id = try context.parameters.require("id")
        guard try await store.replayDeadLetter(id, organizationID: scope.organization.id) else {
            throw DashboardError.notFound("There is no dead letter '\(id.prefix(64))'.")
        }
        return redirect("/dashboard/dead-letters", scope, "&notice=" + "Dead letter \(id) queued again.".urlQueryEncoded)
    }
}
