import Hummingbird

/// The Developer tab's webhook endpoints: create (the secret shown once),
/// rotate the secret, delete, and retry a recent delivery.
extension DashboardController {
    func addWebhookRoutes(to group: RouterGroup<InletRequestContext>) {
        group.post("developer/webhooks", use: createWebhook)
        group.post("developer/webhooks/:id/rotate-secret", use: rotateWebhookSecret)
        group.post("developer/webhooks/:id/delete", use: deleteWebhook)
        group.post("developer/webhooks/:id/deliveries/:delivery/retry", use: retryDelivery)
    }

    /// The organization's endpoints, each with its five newest deliveries.
    func webhookValues(organizationID: String) async throws -> [[String: Any]] {
        var endpoints: [[String: Any]] = []
        for endpoint in try await store.webhookEndpoints(organizationID: organizationID) {
            let deliveries = try await store.deliveries(
                endpointID: endpoint.id,
                organizationID: organizationID,
                status: nil,
                before: nil,
                limit: 5
            )
            endpoints.append([
                "id": endpoint.id, "url": endpoint.url, "eventTypes": endpoint.eventTypes.joined(separator: ", "),
                "description": endpoint.description ?? "", "state": endpoint.active ? "active" : "off",
                "deliveries": deliveries.map { delivery in
                    [
                        "id": delivery.id, "eventId": delivery.eventID, "status": delivery.status.rawValue, "attempts": delivery.attempts,
                        "lastStatusCode": delivery.lastStatusCode.map(String.init) ?? "—",
                        "nextAttemptAt": delivery.nextAttemptAt.map(RFC3339.format) ?? "—", "endpoint": endpoint.id,
                    ] as [String: Any]
                },
            ])
        }
        return endpoints
    }

    @Sendable func createWebhook(_ request: Request, context: InletRequestContext) async throws -> Response {
        let (scope, form) = try await form(request, DashboardForms.NewWebhook.self)
        guard let url = form.url.filled else { throw InletError.invalidBody("An endpoint needs a URL.") }
        let patterns = (form.eventTypes ?? "").split(whereSeparator: { $0 == "," || $0 == "\n" || $0 == " " }).map(String.init)
        let endpoint = try await webhooks.create(
            organization: scope.organization.id,
            url: url,
            eventTypes: patterns,
            description: form.description.filled
        )
        return webhookSecretPage(scope, endpoint)
    }

    @Sendable func rotateWebhookSecret(_ request: Request, context: InletRequestContext) async throws -> Response {
        let (scope, _) = try await form(request)
        let endpoint = try await webhooks.rotateSecret(organization: scope.organization.id, id: try context.parameters.require("id"))
        return webhookSecretPage(scope, endpoint)
    }

    @Sendable func deleteWebhook(_ request: Request, context: InletRequestContext) async throws -> Response {
        let (scope, _) = try await form(request)
        try await webhooks.delete(organization: scope.organization.id, id: try context.parameters.require("id"))
        return redirect("/dashboard/developer", scope, "&notice=" + "Webhook endpoint deleted.".urlQueryEncoded)
    }

    @Sendable func retryDelivery(_ request: Request, context: InletRequestContext) async throws -> Response {
        let (scope, _) = try await form(request)
        let delivery = try await webhooks.retry(
            organization: scope.organization.id,
            endpoint: try context.parameters.require("id"),
            delivery: try context.parameters.require("delivery")
        )
        return redirect("/dashboard/developer", scope, "&notice=" + "Delivery \(delivery.id) is attempted now.".urlQueryEncoded)
    }

    private func webhookSecretPage(_ scope: DashboardScope, _ endpoint: WebhookEndpoint) -> Response {
        var values = scope.layout(title: "Webhook secret", tab: "developer")
        values["what"] = "Signing secret of \(endpoint.url)"
        values["note"] = "Copy it now: it is shown this once. Each delivery is signed with it as the Standard Webhooks specification says."
        values["secret"] = endpoint.secret
        values["curl"] = "webhook-id, webhook-timestamp, webhook-signature: v1,base64(HMAC-SHA256(secret, id.timestamp.body))"
        return pages.page("secret", values, status: .created)
    }
}
