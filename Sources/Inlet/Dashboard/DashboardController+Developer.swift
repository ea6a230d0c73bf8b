import Hummingbird

extension DashboardController {
    func addDeveloperRoutes(to group: RouterGroup<InletRequestContext>) {
        group.get("developer", use: developer)
        group.post("developer/apps", use: createApp)
        group.post("developer/apps/:app", use: updateApp)
        group.post("developer/apps/:app/keys", use: createKey)
        group.post("developer/apps/:app/keys/:key/revoke", use: revokeKey)
        group.post("developer/apps/:app/test-event", use: sendTestEvent)
        group.post("developer/streams", use: createStream)
        group.post("developer/streams/:stream/rotate-key", use: rotateStreamKey)
        group.post("developer/streams/:stream/delete", use: deleteStream)
        group.post("developer/stream-signature", use: setStreamSignature)
        group.post("developer/retention", use: setRetention)
        addWebhookRoutes(to: group)
    }

    /// Apps with their whitelists and keys, and the streams with their keys.
    @Sendable func developer(_ request: Request, context: InletRequestContext) async throws -> Response {
        let scope = try await scope(request)
        let organizationID = scope.organization.id
        var apps: [[String: Any]] = []
        for app in try await store.apps(organizationID: organizationID) {
            let keys = try await store.keys(organizationID: organizationID, appID: app.id)
            apps.append([
                "slug": app.slug, "name": app.name, "eventTypes": app.eventTypes.joined(separator: "\n"),
                "keys": keys.map { key in
                    [
                        "id": key.id, "prefix": key.prefix + "…", "createdAt": RFC3339.format(key.createdAt),
                        "lastUsedAt": key.lastUsedAt.map(RFC3339.format) ?? "never", "unit": key.unitID ?? "—",
                        "revoked": key.revokedAt != nil, "revokedAt": key.revokedAt.map(RFC3339.format) ?? "",
                    ] as [String: Any]
                },
            ])
        }
        var values = scope.layout(title: "Developer", tab: "developer")
        values["apps"] = apps
        values["units"] = try await store.units(organizationID: organizationID).map { ["id": $0.id, "name": $0.name] }
        let streams = try await store.streams(organizationID: organizationID)
        values["hasStreams"] = !streams.isEmpty
        values["streams"] = streams.map { stream in
            [
                "name": stream.name, "itemKey": stream.itemKey ?? "—", "prefix": stream.key.prefix + "…",
                "createdAt": RFC3339.format(stream.key.createdAt), "signature": stream.signature?.scheme.rawValue ?? "key only",
            ]
        }
        values["webhooks"] = try await webhookValues(organizationID: organizationID)
        values["retentionDays"] = scope.organization.retentionDays.map(String.init) ?? ""
        values["notice"] = request.uri.queryParameters.get("notice")
        return pages.page("developer", values)
    }

    /// Sets the organization's retention in days; empty keeps everything.
    @Sendable func setRetention(_ request: Request, context: InletRequestContext) async throws -> Response {
        let (scope, form) = try await form(request, DashboardForms.RetentionLimit.self)
        var organization = scope.organization
        if let text = form.retentionDays.filled {
            guard let days = Int(text), Retention.days.contains(days) else {
                throw InletError.invalidBody("Retention is a whole number of days from 1 to 36500, or empty to keep everything.")
            }
            organization.retentionDays = days
        } else {
            organization.retentionDays = nil
        }
        try await tenancy.update(organization)
        pipeline.authenticator.forgetAll()
        let notice = organization.retentionDays.map { "Events, snapshot history and dead letters are kept \($0) days." } ?? "Everything is kept."
        return redirect("/dashboard/developer", scope, "&notice=" + notice.urlQueryEncoded)
    }

    @Sendable func createApp(_ request: Request, context: InletRequestContext) async throws -> Response {
        let (scope, form) = try await form(request, DashboardForms.NewApp.self)
        guard let slug = form.slug.filled else { throw InletError.invalidBody("An app needs a slug.") }
        _ = try await tenancy.createApp(
            organization: scope.organization.id,
            slug: slug,
            name: form.name.filled,
            eventTypes: Self.eventTypes(form.eventTypes.filled)
        )
        return redirect("/dashboard/developer", scope, "&notice=" + "App \(slug) created.".urlQueryEncoded)
    }

    /// Replaces an app's event-type whitelist (one pattern per line or comma-separated).
    @Sendable func updateApp(_ request: Request, context: InletRequestContext) async throws -> Response {
        let (scope, form) = try await form(request, DashboardForms.Whitelist.self)
        let app = try context.parameters.require("app")
        _ = try await tenancy.updateApp(
            organization: scope.organization.id,
            app: app,
            eventTypes: Self.eventTypes(form.eventTypes.filled),
            name: nil
        )
        pipeline.authenticator.forgetAll()
        return redirect("/dashboard/developer", scope, "&notice=" + "Whitelist of \(app) saved.".urlQueryEncoded)
    }

    /// Creates a key and shows it, this once, with a curl line that uses it.
    @Sendable func createKey(_ request: Request, context: InletRequestContext) async throws -> Response {
        let (scope, form) = try await form(request, DashboardForms.NewKey.self)
        let app = try context.parameters.require("app")
        let (_, secret) = try await tenancy.createKey(organization: scope.organization.id, app: app, unit: form.unit.filled)
        var values = scope.layout(title: "New key", tab: "developer")
        values["what"] = "App key of \(app)"
        values["secret"] = secret
        values["note"] = Self.keyNote
        values["tryIt"] = "Try it:"
        values["curl"] = """
            curl -s -X POST \(baseURL)/api/v1/ingest/events -H "Authorization: Bearer \(secret)" \
            -H "Content-Type: application/json" -d '{"events": [{"eventType": "inlet.test", "category": "test", "actor": {"email": "alex@example.com"}}]}'
            """
        return pages.page("secret", values, status: .created)
    }

    @Sendable func revokeKey(_ request: Request, context: InletRequestContext) async throws -> Response {
        let (scope, _) = try await form(request)
        let keyID = try context.parameters.require("key")
        try await tenancy.revokeKey(organization: scope.organization.id, app: try context.parameters.require("app"), keyID: keyID)
        pipeline.authenticator.forget(keyID: keyID)
        return redirect("/dashboard/developer", scope, "&notice=" + "Key \(keyID) revoked.".urlQueryEncoded)
    }

    /// Sends one event as the app, through the same group commit as the API, and shows its outcome.
    @Sendable func sendTestEvent(_ request: Request, context: InletRequestContext) async throws -> Response {
        let (scope, form) = try await form(request, DashboardForms.TestEvent.self)
        let app = try await tenancy.app(organization: scope.organization.id, app: try context.parameters.require("app"))
        let eventType = form.eventType.filled ?? "inlet.test"
        let body = JSONValue.object([
            (
                "events",
                .array([
                    .object([
                        ("eventType", .string(eventType)), ("category", .string("test")),
                        ("actor", .object([("email", .string("test@inlet.invalid"))])),
                        ("metadata", .object([("sentFrom", .string("dashboard"))])),
                    ])
                ])
            )
        ])
        let receivedAt = pipeline.clock.nowMillis()
        let validator = EventValidator(whitelist: EventTypeWhitelist(app.eventTypes), ids: pipeline.ids)
        let work = EventBatchWork(
            organization: scope.organization,
            app: app,
            batch: try validator.validate(body, receivedAt: receivedAt),
            receivedAt: receivedAt,
            ids: pipeline.ids
        )
        let outcome = try await pipeline.commit(work).outcome
        pipeline.countRows(outcome, dryRun: false)
        var notice = "Test event \(eventType) sent as \(app.slug)."
        if case .rows(let rows) = outcome, let error = rows.first?.error {
            notice = "Test event \(eventType) refused: \(error.code.rawValue) — \(error.message)"
        }
        return redirect("/dashboard/developer", scope, "&notice=" + notice.urlQueryEncoded)
    }

    /// Creates a stream and shows its key, this once, with a curl line that uses it.
    @Sendable func createStream(_ request: Request, context: InletRequestContext) async throws -> Response {
        let (scope, form) = try await form(request, DashboardForms.NewStream.self)
        guard let name = form.name.filled else { throw InletError.invalidBody("A stream needs a name.") }
        let (stream, secret) = try await tenancy.createStream(organization: scope.organization.id, name: name, itemKey: form.itemKey.filled)
        return streamKeyPage(scope, stream: stream, secret: secret)
    }

    @Sendable func rotateStreamKey(_ request: Request, context: InletRequestContext) async throws -> Response {
        let (scope, _) = try await form(request)
        let (_, stream, secret) = try await tenancy.rotateStreamKey(
            organization: scope.organization.id,
            stream: try context.parameters.require("stream")
        )
        pipeline.authenticator.forgetAll()
        return streamKeyPage(scope, stream: stream, secret: secret)
    }

    @Sendable func deleteStream(_ request: Request, context: InletRequestContext) async throws -> Response {
        let (scope, _) = try await form(request)
        let stream = try await tenancy.deleteStream(organization: scope.organization.id, stream: try context.parameters.require("stream"))
        pipeline.authenticator.forgetAll()
        return redirect("/dashboard/developer", scope, "&notice=" + "Stream \(stream.name) deleted.".urlQueryEncoded)
    }

    /// Makes a stream take requests signed with a scheme and secret; an empty
    /// scheme makes it take its key only.
    @Sendable func setStreamSignature(_ request: Request, context: InletRequestContext) async throws -> Response {
        let (scope, form) = try await form(request, DashboardForms.StreamSignature.self)
        guard let name = form.stream.filled else { throw InletError.invalidBody("Choose a stream.") }
        let signature = try form.scheme.filled.map { schemeName in
            guard let scheme = StreamSignature.Scheme(rawValue: schemeName) else { throw InletError.invalidBody("Choose a signature scheme.") }
            guard let secret = form.secret.filled else { throw InletError.invalidBody("A signature needs the secret its sender signs with.") }
            return try StreamSignature.checked(scheme: scheme, secret: secret)
        }
        let stream = try await tenancy.updateStream(organization: scope.organization.id, stream: name) { $0.signature = signature }
        let notice =
            signature.map { "Stream \(stream.name) takes requests signed with \($0.scheme.rawValue)." } ?? "Stream \(stream.name) takes its key only."
        return redirect("/dashboard/developer", scope, "&notice=" + notice.urlQueryEncoded)
    }

    private func streamKeyPage(_ scope: DashboardScope, stream: DataStream, secret: String) -> Response {
        var values = scope.layout(title: "New stream key", tab: "developer")
        values["what"] = "Key of stream \(stream.name)"
        values["secret"] = secret
        values["note"] = Self.keyNote
        values["tryIt"] = "Try it:"
        values["curl"] = """
            curl -s -X POST \(baseURL)/api/webhook/\(stream.name) -H "Authorization: Bearer \(secret)" \
            -H "Content-Type: application/json" -d '{"id": "1", "status": "ok"}'
            """
        return pages.page("secret", values, status: .created)
    }

    private static let keyNote = "Copy it now: it is shown this once and stored only as a hash."

    /// Whitelist patterns from a text field: one per line or comma-separated; none means every type.
    private static func eventTypes(_ text: String?) -> [String] {
        let patterns = (text ?? "").split(whereSeparator: { $0 == "\n" || $0 == "," || $0 == "\r" })
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return patterns.isEmpty ? ["*"] : patterns
    }
}
