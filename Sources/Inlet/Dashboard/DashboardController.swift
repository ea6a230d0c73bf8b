import Foundation
import HTTPTypes
import Hummingbird

/// The dashboard at `/`: server-rendered pages for the operator, signed in
/// with the admin token and then a session cookie (HttpOnly, SameSite=Strict,
/// Secure over https). Every form carries the session's CSRF token, and a
/// write must come from the dashboard's own origin.
struct DashboardController {
    let pipeline: RequestPipeline
    let store: any InletStore
    let tenancy: TenancyService
    let webhooks: WebhookEndpointService
    let live: LiveController
    let sessions: DashboardSessions
    let throttle: SignInThrottle
    let pages: DashboardPages
    /// The base URL clients use, for the curl lines shown with new keys.
    let baseURL: String

    /// Largest form body, in bytes.
    private static let formLimit = 64 << 10

    func addRoutes(to router: Router<InletRequestContext>) {
        router.get("/") { _, _ in Response(status: .seeOther, headers: [.location: "/dashboard"]) }
        let group = router.group("dashboard").add(middleware: DashboardMiddleware(pages: pages))
        group.get("assets/dashboard.js") { _, _ in pages.scriptFile() }
        group.get("assets/dashboard.css") { _, _ in pages.stylesheetFile() }
        group.get("signin", use: signInPage)
        group.post("signin", use: signIn)
        group.post("signout", use: signOut)
        group.get("live", use: liveStream)
        addTimelineRoutes(to: group)
        addPeopleRoutes(to: group)
        addDeveloperRoutes(to: group)
        addStreamRoutes(to: group)
        addDeadLetterRoutes(to: group)
    }

    // MARK: Signing in

    @Sendable func signInPage(_ request: Request, context: InletRequestContext) async throws -> Response {
        if try await session(of: request) != nil {
            return Response(status: .seeOther, headers: [.location: "/dashboard"])
        }
        return pages.page("signin", ["title": "Sign in"])
    }

    /// Checks the admin token once and gives a session for it; the token itself
    /// is never kept. An address with too many failures is refused unchecked.
    @Sendable func signIn(_ request: Request, context: InletRequestContext) async throws -> Response {
        try requireSameOrigin(request)
        let address = context.channel.remoteAddress?.ipAddress ?? ""
        if let retryAfter = throttle.retryAfter(address: address) {
            let message = "Too many failed sign-ins from this address: try again in \(retryAfter) s."
            return pages.page("signin", ["title": "Sign in", "error": message], status: .tooManyRequests, headers: [.retryAfter: "\(retryAfter)"])
        }
        let form = try DashboardForms.decode(DashboardForms.SignIn.self, from: try await RequestReader.body(of: request, limit: Self.formLimit))
        guard let token = form.token.filled, case .admin? = try await admin(token) else {
            throttle.recordFailure(address: address)
            return pages.page("signin", ["title": "Sign in", "error": "That is not an admin token."])
        }
        throttle.recordSuccess(address: address)
        var response = Response(status: .seeOther, headers: [.location: "/dashboard"])
        response.setCookie(cookie(sessions.issue(), maxAge: Int(sessions.lifetimeMillis / 1000)))
        return response
    }

    /// Who `token` authenticates as; nil for no valid credential. A store that cannot answer is an error, not a refusal.
    private func admin(_ token: String) async throws -> Principal? {
        do {
            return try await pipeline.authenticator.authenticate(authorization: "Bearer " + token)
        } catch let error as InletError where error.code == .invalidKey {
            return nil
        }
    }

    /// Ends the session on every instance: the store keeps its id until it would have expired.
    @Sendable func signOut(_ request: Request, context: InletRequestContext) async throws -> Response {
        let (scope, _) = try await form(request)
        try await store.endSession(scope.session.id, expiresAt: scope.session.expiresAt, now: pipeline.clock.nowMillis())
        var response = Response(status: .seeOther, headers: [.location: "/dashboard/signin"])
        response.setCookie(cookie("", maxAge: 0))
        return response
    }

    /// The live stream of the chosen organization for the timeline's script, with the session's cookie.
    @Sendable func liveStream(_ request: Request, context: InletRequestContext) async throws -> Response {
        guard try await session(of: request) != nil else {
            throw DashboardError.forbidden("Sign in first.")
        }
        let scope = try await scope(request)
        return try await live.stream(of: scope.organization, request: request, context: context)
    }

    // MARK: Shared steps

    /// The session and chosen organization of a page read (`?org=`, else the first); no session redirects to sign in.
    func scope(_ request: Request) async throws -> DashboardScope {
        guard let session = try await session(of: request) else {
            throw DashboardError.signIn
        }
        return try await scope(session: session, organization: request.uri.queryParameters.get("org"))
    }

    /// The session, chosen organization (field `org`) and fields of a form post,
    /// after checking its origin and CSRF token: anything else is 403.
    func form<Fields: Decodable>(_ request: Request, _ fields: Fields.Type = DashboardForms.Empty.self) async throws -> (DashboardScope, Fields) {
        try requireSameOrigin(request)
        guard let session = try await session(of: request) else {
            throw DashboardError.forbidden("Sign in first: this form needs a session.")
        }
        let body = try await RequestReader.body(of: request, limit: Self.formLimit)
        let form = try DashboardForms.decode(DashboardForms.Guard.self, from: body)
        guard sessions.isValidCSRFToken(form.csrf.filled, for: session) else {
            throw DashboardError.forbidden("The form's CSRF token is missing or wrong; reload the page and try again.")
        }
        return (try await scope(session: session, organization: form.org.filled), try DashboardForms.decode(Fields.self, from: body))
    }

    private func scope(session: DashboardSession, organization requested: String?) async throws -> DashboardScope {
        let organizations = try await store.organizations()
        let organization: Organization?
        if let requested {
            organization = organizations.first { $0.slug == requested || $0.id == requested }
        } else {
            organization = organizations.first
        }
        guard let organization else { throw DashboardError.notFound("There is no organization '\(requested ?? "")'.") }
        return DashboardScope(session: session, organizations: organizations, organization: organization)
    }

    /// A write from another site is refused: browsers name the page's origin
    /// in `Origin` (and `Sec-Fetch-Site`), which must be this server's.
    private func requireSameOrigin(_ request: Request) throws {
        if let site = request.headers.value(.secFetchSite), site != "same-origin", site != "none" {
            throw DashboardError.forbidden("A form from another site cannot post here.")
        }
        if let origin = request.headers.value(.origin) {
            let host = request.head.authority
            guard let host, origin == "http://\(host)" || origin == "https://\(host)" else {
                throw DashboardError.forbidden("A form from another site cannot post here.")
            }
        }
    }

    /// The valid session the request's cookie holds, if any: signed by the
    /// session key, unexpired, and not signed out.
    private func session(of request: Request) async throws -> DashboardSession? {
        guard let session = sessions.session(from: request.cookies[DashboardSessions.cookieName]?.value) else { return nil }
        return try await store.isSessionEnded(session.id) ? nil : session
    }

    private func cookie(_ value: String, maxAge: Int) -> Cookie {
        Cookie(
            name: DashboardSessions.cookieName,
            value: value,
            maxAge: maxAge,
            path: "/",
            secure: baseURL.hasPrefix("https://"),
            httpOnly: true,
            sameSite: .strict
        )
    }

    /// Redirects to a dashboard page of the scope's organization after a write.
    func redirect(_ path: String, _ scope: DashboardScope, _ query: String = "") -> Response {
        Response(status: .seeOther, headers: [.location: "\(path)?org=\(scope.organization.slug.urlQueryEncoded)\(query)"])
    }
}

extension HTTPField.Name {
    static let secFetchSite = HTTPField.Name("Sec-Fetch-Site")!
}
