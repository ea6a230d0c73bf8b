import Foundation
import HTTPTypes
import Testing

@testable import Inlet

/// The dashboard over HTTP against the real server: signing in, the session
/// cookie, CSRF and same-origin checks, escaping, and the developer tab's
/// keys; each on SQLite and PostgreSQL. The browser tests (Tests/Browser) drive
/// the same pages in chromium.
@Suite("Dashboard")
struct DashboardTests {
    private static let form = "application/x-www-form-urlencoded"

    @Test(arguments: Backend.all)
    func signingInGivesAnHttpOnlyStrictSessionAndAWrongTokenNone(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            let anonymous = try await server.request(.get, "/dashboard")
            #expect(anonymous.status == 303 && anonymous.header("Location") == "/dashboard/signin")
            #expect(try await server.request(.get, "/").header("Location") == "/dashboard")

            let wrong = try await server.request(.post, "/dashboard/signin", body: "token=not-the-token", contentType: Self.form)
            #expect(wrong.status == 200 && wrong.body.contains("That is not an admin token."))
            #expect(wrong.header("Set-Cookie") == nil)
            // A body that is not a form (a field given twice) is refused, not an error of the server.
            let twice = try await server.request(.post, "/dashboard/signin", body: "token=a&token=b", contentType: Self.form)
            #expect(twice.status == 400 && twice.body.contains("The form could not be read"))
            #expect(twice.header("Set-Cookie") == nil)
            let appKey = try await server.request(.post, "/dashboard/signin", body: "token=" + server.appKey, contentType: Self.form)
            #expect(appKey.body.contains("That is not an admin token.") && appKey.header("Set-Cookie") == nil)

            let signedIn = try await server.request(.post, "/dashboard/signin", body: "token=" + adminToken, contentType: Self.form)
            #expect(signedIn.status == 303 && signedIn.header("Location") == "/dashboard")
            let cookie = try #require(signedIn.header("Set-Cookie"))
            #expect(cookie.hasPrefix("inlet_session=s1."))
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/"))
            #expect(!cookie.contains("Secure"))
            #expect(!cookie.contains(adminToken))

            let page = try await server.request(.get, "/dashboard", headers: ["Cookie": Self.session(from: cookie)])
            #expect(page.status == 200)
            #expect(page.header("Content-Type") == "text/html; charset=utf-8")
            #expect(page.header("Content-Security-Policy")?.contains("script-src 'self'") == true)
            #expect(page.body.contains("<h1>Timeline</h1>"))
            // A session signed with another key, or tampered with, is no session.
            let forged = Self.session(from: cookie).replacingOccurrences(of: "s1.", with: "s1.9")
            #expect(try await server.request(.get, "/dashboard", headers: ["Cookie": forged]).status == 303)

            let csrf = try Self.csrf(in: page.body)
            let out = try await server.request(
                .post,
                "/dashboard/signout",
                headers: ["Cookie": Self.session(from: cookie)],
                body: "csrf=\(csrf)",
                contentType: Self.form
            )
            #expect(out.status == 303 && out.header("Set-Cookie")?.contains("Max-Age=0") == true)
            // A copy of the cookie kept after signing out opens nothing.
            let kept = try await server.request(.get, "/dashboard", headers: ["Cookie": Self.session(from: cookie)])
            #expect(kept.status == 303 && kept.header("Location") == "/dashboard/signin")
        }
    }

    @Test(arguments: Backend.all)
    func tooManyFailedSignInsFromOneAddressAreRefusedUncheckedWithRetryAfter(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            for attempt in 1...10 {
                let wrong = try await server.request(.post, "/dashboard/signin", body: "token=wrong-\(attempt)", contentType: Self.form)
                #expect(wrong.status == 200 && wrong.body.contains("That is not an admin token."))
            }
            for token in ["wrong-11", adminToken] {
                let refused = try await server.request(.post, "/dashboard/signin", body: "token=" + token, contentType: Self.form)
                #expect(refused.status == 429 && refused.header("Set-Cookie") == nil)
                #expect(refused.body.contains("Too many failed sign-ins"))
                let retryAfter = try #require(refused.header("Retry-After").flatMap(Int.init))
                #expect((290...300).contains(retryAfter), "the first failure leaves the 5-minute window then")
            }
            // The throttle guards the dashboard's sign-in only: the admin API still answers the token.
            #expect(try await server.request(.get, "/api/v1/admin/orgs", key: adminToken).status == 200)
        }
    }

    @Test func theSessionCookieIsSecureWhenServedOverHTTPS() async throws {
        var configuration = try await testConfiguration(.sqlite)
        configuration.publicURL = "https://inlet.example"
        try await withLiveServer(configuration) { server in
            let signedIn = try await server.request(.post, "/dashboard/signin", body: "token=" + adminToken, contentType: Self.form)
            #expect(signedIn.header("Set-Cookie")?.contains("; Secure") == true)
        }
    }

    @Test(arguments: Backend.all)
    func formsNeedTheSessionsCSRFTokenAndTheDashboardsOrigin(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            let session = try await Self.signIn(server)
            let csrf = try Self.csrf(in: try await server.request(.get, "/dashboard/developer", headers: ["Cookie": session]).body)
            let body = "org=default&slug=crm-hub&eventTypes=ticket.*"
            let refusals: [(headers: [String: String], body: String)] = [
                ([:], body + "&csrf=\(csrf)"),
                (["Cookie": session], body),
                (["Cookie": session], body + "&csrf=wrong"),
                (["Cookie": session, "Origin": "http://evil.example"], body + "&csrf=\(csrf)"),
                (["Cookie": session, "Sec-Fetch-Site": "cross-site"], body + "&csrf=\(csrf)"),
            ]
            for refusal in refusals {
                let reply = try await server.request(
                    .post,
                    "/dashboard/developer/apps",
                    headers: refusal.headers,
                    body: refusal.body,
                    contentType: Self.form
                )
                #expect(reply.status == 403)
                #expect(reply.header("Content-Type") == "text/html; charset=utf-8")
            }
            #expect(try await server.request(.get, "/api/v1/admin/orgs/default/apps/crm-hub/keys", key: adminToken).status == 404)

            // The test client names the server `localhost` (its Host).
            let created = try await server.request(
                .post,
                "/dashboard/developer/apps",
                headers: ["Cookie": session, "Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"],
                body: body + "&csrf=\(csrf)",
                contentType: Self.form
            )
            #expect(created.status == 303)
            #expect(created.header("Location")?.hasPrefix("/dashboard/developer?org=default&notice=") == true)
            #expect(try await server.request(.get, "/api/v1/admin/orgs/default/apps/crm-hub/keys", key: adminToken).status == 200)
        }
    }

    @Test(arguments: Backend.all)
    func metadataIsShownAsText(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            let session = try await Self.signIn(server)
            let posted = try await server.postEvents(
                batch(event(#""metadata": {"a": "<script>alert(1)</script>", "b": "<img src=x onerror=alert(2)>"}"#))
            )
            #expect(posted.status == 200)
            let page = try await server.request(.get, "/dashboard", headers: ["Cookie": session])
            #expect(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(page.body.contains("&lt;img src=x onerror=alert(2)&gt;"))
            #expect(!page.body.contains("<script>alert") && !page.body.contains("<img src=x"))
        }
    }

    @Test(arguments: Backend.all)
    func aKeyCreatedInTheDeveloperTabIsShownOnceWorksAndRevokedIs401(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            let session = try await Self.signIn(server)
            let developer = try await server.request(.get, "/dashboard/developer", headers: ["Cookie": session])
            let csrf = try Self.csrf(in: developer.body)
            let created = try await server.request(
                .post,
                "/dashboard/developer/apps/default/keys",
                headers: ["Cookie": session],
                body: "org=default&csrf=\(csrf)",
                contentType: Self.form
            )
            #expect(created.status == 201)
            let key = try #require(created.body.firstMatch(of: /wp_live_[A-Za-z0-9]{40}/)).output
            #expect(created.body.contains("curl -s -X POST http://127.0.0.1"))
            #expect(try await server.request(.get, "/api/v1/ingest/ping", key: String(key)).status == 200)

            let listed = try await server.request(.get, "/dashboard/developer", headers: ["Cookie": session]).body
            #expect(!listed.contains(String(key)))
            let keyID = try #require(try await server.request(.get, "/api/v1/ingest/ping", key: String(key))["keyId"]?.stringValue)
            #expect(listed.contains("/keys/\(keyID)/revoke"))
            let revoked = try await server.request(
                .post,
                "/dashboard/developer/apps/default/keys/\(keyID)/revoke",
                headers: ["Cookie": session],
                body: "org=default&csrf=\(csrf)",
                contentType: Self.form
            )
            #expect(revoked.status == 303)
            #expect(try await server.request(.get, "/api/v1/ingest/ping", key: String(key)).status == 401)
        }
    }

    @Test(arguments: Backend.all)
    func everyTabShowsTheOrganizationsData(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            let session = try await Self.signIn(server)
            #expect(
                try await server.request(
                    .post,
                    "/api/v1/ingest/snapshots",
                    key: server.appKey,
                    body:
                        #"{"snapshotType": "queue", "actor": {"email": "alex@acme.com"}, "metrics": {"waiting": {"value": 5, "unit": "count", "label": "Queued now"}}}"#
                ).status == 200
            )
            #expect(
                try await server.request(
                    .post,
                    "/api/webhook/default",
                    key: server.streamKey,
                    headers: ["X-Item-Key": "region"],
                    body: #"{"region": "North", "sales": 142000}"#
                ).status == 202
            )
            let workerID = try #require(
                try await server.request(.get, "/api/v1/workers", key: server.appKey)["items"]?.arrayValue?.first?["id"]?.stringValue
            )
            let pages: [(String, String)] = [
                ("/dashboard/people", "Queued now"), ("/dashboard/people/\(workerID)", "alex@acme.com"),
                ("/dashboard/streams/default", "142000"), ("/dashboard/streams/default/items/North", "sales"),
                ("/dashboard/streams/default?where=region%3DNorth", "North"), ("/dashboard/leads", "No leads yet"),
                ("/dashboard/dead-letters", "No dead letters."), ("/dashboard/streams", "default"),
            ]
            for (path, text) in pages {
                let page = try await server.request(.get, path, headers: ["Cookie": session])
                #expect(page.status == 200, "\(path)")
                #expect(page.body.contains(text), "\(path)")
            }
            let missing = try await server.request(.get, "/dashboard/people/wrk_none", headers: ["Cookie": session])
            #expect(missing.status == 404 && missing.body.contains("There is no person"))
            let badFilter = try await server.request(.get, "/dashboard/streams/default?where=nofield", headers: ["Cookie": session])
            #expect(badFilter.status == 400 && badFilter.header("Content-Type") == "text/html; charset=utf-8")
        }
    }

    @Test(arguments: Backend.all)
    func peopleAreNamedByTheirBestIdentifierLeadsListOnlyLeadsAndThePickerKeepsTheTab(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            let session = try await Self.signIn(server)
            let posted = try await server.postEvents(
                batch(event(actor: #"{"externalId": "u-7", "email": "kim@acme.com"}"#), event(actor: #"{"externalId": "u-9"}"#))
            )
            let kim = try #require(posted["results"]?.arrayValue?[0]["workerId"]?.stringValue)
            let u9 = try #require(posted["results"]?.arrayValue?[1]["workerId"]?.stringValue)
            let ruleset =
                #"{"name": "intent", "active": true, "rules": [{"eventType": "demo.booked", "points": 30}], "milestones": [{"name": "warm", "threshold": 20}]}"#
            #expect(try await server.request(.post, "/api/v1/admin/orgs/default/rulesets", key: adminToken, body: ruleset).status == 201)
            #expect(try await server.request(.post, "/org-units/active", key: server.appKey, body: #"{"ouId": "unit_default"}"#).status == 200)
            #expect(try await server.ingest(#"{"alias_kind": "phone", "alias": "+44 20 7946 0000", "event_type": "demo.booked"}"#).status == 202)
            let lead = try await server.eventually("/leads?alias_kind=phone&alias=%2B44%2020%207946%200000") {
                $0["milestones"]?.arrayValue?.count == 1
            }
            let leadID = try #require(lead["id"]?.stringValue)

            // The email names a person before their external id; an external id alone names one; the id stays beside the name.
            let timeline = try await server.request(.get, "/dashboard", headers: ["Cookie": session]).body
            #expect(timeline.contains(#">kim@acme.com <small class="person-id">\#(kim)</small></a>"#))
            #expect(timeline.contains(#">u-9 <small class="person-id">\#(u9)</small></a>"#))
            let people = try await server.request(.get, "/dashboard/people", headers: ["Cookie": session]).body
            #expect(people.contains(#">kim@acme.com</a><br><small class="person-id">\#(kim)</small>"#))
            let person = try await server.request(.get, "/dashboard/people/\(kim)", headers: ["Cookie": session]).body
            #expect(person.contains("<h1>kim@acme.com</h1>"))

            // Leads lists the person /ingest made, with their milestone, and not the v1 people.
            let leads = try await server.request(.get, "/dashboard/leads", headers: ["Cookie": session]).body
            #expect(leads.contains(#">+44 20 7946 0000</a><br><small class="person-id">\#(leadID)</small>"#))
            #expect(leads.contains("<td data-label=\"Milestones\">warm</td>"))
            #expect(!leads.contains(kim) && !leads.contains(u9))

            // Picking another organization stays on the tab.
            #expect(people.contains(#"<form class="org-picker" method="get" action="/dashboard/people">"#))
            #expect(leads.contains(#"<form class="org-picker" method="get" action="/dashboard/leads">"#))
            #expect(person.contains(#"<form class="org-picker" method="get" action="/dashboard/people">"#))
        }
    }

    @Test(arguments: Backend.all)
    func theChartCountsTheRowsOfEveryIngestRouteFromTheStore(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            let session = try await Self.signIn(server)
            let events = try await server.postEvents(batch(event(), event(), event(type: "Not A Type!")))
            #expect(events.status == 207)
            #expect(
                try await server.request(
                    .post,
                    "/api/v1/ingest/snapshots",
                    key: server.appKey,
                    body: #"{"snapshotType": "q", "actor": {"email": "a@b.c"}, "metrics": {"n": 1}}"#
                ).status == 200
            )
            let items = try await server.request(
                .post,
                "/api/webhook/default",
                key: server.streamKey,
                headers: ["X-Item-Key": "id"],
                body: #"[{"id": "1"}, {"id": "2"}, {"x": 3}]"#
            )
            #expect(items.status == 202)
            #expect(try await server.request(.post, "/org-units/active", key: server.appKey, body: #"{"ouId": "unit_default"}"#).status == 200)
            #expect(try await server.ingest(#"{"alias_kind": "email", "alias": "lead@b.c", "event_type": "page_view"}"#).status == 202)
            // Dry runs and whole-request refusals are not rows.
            #expect(try await server.postEvents(batch(event()), query: "?dryRun=true").status == 200)
            #expect(try await server.request(.post, "/api/v1/ingest/events", key: server.appKey, body: "{").status == 400)

            let page = try await server.request(.get, "/dashboard", headers: ["Cookie": session]).body
            #expect(page.contains("accepted: 6"), "2 events, 1 snapshot, 2 items, 1 lead event")
            #expect(page.contains("invalid_event: 1") && page.contains("missing_item_key: 1"))
        }
    }

    @Test(arguments: Backend.all)
    func theTimelinesLiveStreamTakesTheSessionCookie(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            let port = try #require(server.client.port)
            let anonymous = try LiveClient(port: port, path: "/dashboard/live?org=default", headers: [:])
            #expect(try await anonymous.awaitHead() == 403)
            let session = try await Self.signIn(server)
            let client = try LiveClient(port: port, path: "/dashboard/live?org=default&eventType=deploy.finished", headers: ["Cookie": session])
            #expect(try await client.awaitHead() == 200)
            #expect(try await client.next()?.comment == "live")
            let posted = try await server.postEvents(batch(event(type: "build.started"), event(type: "deploy.finished")))
            #expect(try await client.nextEvent()?.id == posted["results"]?.arrayValue?.last?["id"]?.stringValue)
        }
    }

    // MARK: Helpers

    /// Signs in with the admin token; the `Cookie` header value of the session.
    @Test(arguments: Backend.all)
    func aPersonsPageErasesThemBehindAConfirmation(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            let session = try await Self.signIn(server)
            #expect(try await server.postEvents(batch(event(actor: #"{"email": "ana@example.com"}"#))).status == 200)
            let worker = try await server.request(.get, "/api/v1/workers", key: server.appKey)
            let id = try #require(worker["items"]?.arrayValue?.first?["id"]?.stringValue)
            let page = try await server.request(.get, "/dashboard/people/\(id)?org=default", headers: ["Cookie": session]).body
            #expect(page.contains(#"action="/dashboard/people/\#(id)/erase" data-confirm="Erase this person"#), "\(page)")
            // Without the form's CSRF token nothing happens.
            let forged = try await server.request(
                .post,
                "/dashboard/people/\(id)/erase",
                headers: ["Cookie": session],
                body: "org=default",
                contentType: Self.form
            )
            #expect(forged.status == 403)
            let erased = try await server.request(
                .post,
                "/dashboard/people/\(id)/erase",
                headers: ["Cookie": session],
                body: "org=default&csrf=\(try Self.csrf(in: page))",
                contentType: Self.form
            )
            #expect(erased.status == 303)
            let notice = try await server.request(.get, try #require(erased.header("Location")), headers: ["Cookie": session]).body
            #expect(notice.contains("Person erased (era_"), "\(notice)")
            #expect(notice.contains("Deleted: events 1, snapshots 0, identifiers 1,"))
            #expect(try await server.request(.get, "/api/v1/workers/\(id)", key: server.appKey).status == 404)
        }
    }

    @Test(arguments: Backend.all)
    func theDeveloperTabSetsTheOrganizationsRetention(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            let session = try await Self.signIn(server)
            let page = try await server.request(.get, "/dashboard/developer?org=default", headers: ["Cookie": session]).body
            #expect(page.contains(#"name="retentionDays""#))
            let csrf = try Self.csrf(in: page)
            func post(_ days: String) async throws -> Reply {
                try await server.request(
                    .post,
                    "/dashboard/developer/retention",
                    headers: ["Cookie": session],
                    body: "org=default&csrf=\(csrf)&retentionDays=\(days)",
                    contentType: Self.form
                )
            }
            func retention() async throws -> JSONValue? {
                try await server.request(.get, "/api/v1/admin/orgs", key: adminToken)["items"]?.arrayValue?.first?["retentionDays"]
            }
            #expect(try await post("30").status == 303)
            #expect(try await retention() == .number("30"))
            #expect(try await server.request(.get, "/dashboard/developer?org=default", headers: ["Cookie": session]).body.contains(#"value="30""#))
            #expect(try await post("0").status == 400)
            #expect(try await post("").status == 303)
            #expect(try await retention() == .null)
        }
    }

    @Test(arguments: Backend.all)
    func theDeveloperTabSetsAStreamsSignatureWithoutShowingItsSecret(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            let session = try await Self.signIn(server)
            let page = try await server.request(.get, "/dashboard/developer?org=default", headers: ["Cookie": session]).body
            #expect(page.contains(#"action="/dashboard/developer/stream-signature""#) && page.contains("key only"))
            let csrf = try Self.csrf(in: page)
            func post(_ fields: String) async throws -> Reply {
                try await server.request(
                    .post,
                    "/dashboard/developer/stream-signature",
                    headers: ["Cookie": session],
                    body: "org=default&csrf=\(csrf)&stream=default&" + fields,
                    contentType: Self.form
                )
            }
            func signature() async throws -> JSONValue? {
                try await server.request(.get, "/api/v1/admin/orgs/default/streams", key: adminToken)["items"]?.arrayValue?.first?["signature"]
            }
            #expect(try await post("scheme=github&secret=").status == 400)
            #expect(try await post("scheme=svix&secret=long+enough").status == 400)
            #expect(try await post("scheme=github&secret=long+enough").status == 303)
            #expect(try await signature()?["scheme"] == .string("github"))
            let shown = try await server.request(.get, "/dashboard/developer?org=default", headers: ["Cookie": session]).body
            #expect(shown.contains(#"<td data-label="Signed requests">github</td>"#) && !shown.contains("long enough"))
            #expect(
                try await server.request(
                    .post,
                    "/dashboard/developer/stream-signature",
                    headers: ["Cookie": session],
                    body: "org=default&stream=default&scheme=",
                    contentType: Self.form
                ).status == 403
            )
            #expect(try await post("scheme=").status == 303)
            #expect(try await signature() == .null)
        }
    }

    @Test(arguments: Backend.all)
    func theDeveloperTabAddsAWebhookEndpointShowsItsDeliveriesAndRetriesOne(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            try await WebhookReceiver.with { receiver, url in
                let session = try await Self.signIn(server)
                let page = try await server.request(.get, "/dashboard/developer?org=default", headers: ["Cookie": session]).body
                #expect(page.contains(#"action="/dashboard/developer/webhooks""#))
                let csrf = try Self.csrf(in: page)
                let created = try await server.request(
                    .post,
                    "/dashboard/developer/webhooks",
                    headers: ["Cookie": session],
                    body: "org=default&csrf=\(csrf)&url=\(url.urlQueryEncoded)&eventTypes=deploy.*%2C+milestone.reached&description=CRM",
                    contentType: Self.form
                )
                #expect(created.status == 201, "\(created.body)")
                let secret = String(try #require(created.body.firstMatch(of: /whsec_[A-Za-z0-9+\/=]+/)).output)
                let refused = try await server.request(
                    .post,
                    "/dashboard/developer/webhooks",
                    headers: ["Cookie": session],
                    body: "org=default&csrf=\(csrf)&url=ftp%3A%2F%2Fexample.com&eventTypes=*",
                    contentType: Self.form
                )
                #expect(refused.status == 400)
                #expect(
                    try await server.postEvents(#"{"events": [{"eventType": "deploy.done", "category": "ci", "actor": {"email": "e@example.com"}}]}"#)
                        .status == 200
                )
                _ = try await receiver.eventually { $0.count >= 1 }
                var shown = ""
                for _ in 0..<100 where !shown.contains("<td data-label=\"Status\">succeeded</td>") {
                    shown = try await server.request(.get, "/dashboard/developer?org=default", headers: ["Cookie": session]).body
                    try await Task.sleep(for: .milliseconds(50))
                }
                #expect(shown.contains(url) && shown.contains("deploy.*, milestone.reached") && !shown.contains(secret))
                let retry = try #require(
                    shown.firstMatch(of: /action="(\/dashboard\/developer\/webhooks\/wh_[^\/]+\/deliveries\/dlv_[0-9]+\/retry)"/)
                )
                let retried = try await server.request(
                    .post,
                    String(retry.output.1),
                    headers: ["Cookie": session],
                    body: "org=default&csrf=\(csrf)",
                    contentType: Self.form
                )
                #expect(retried.status == 303)
                #expect(try await receiver.eventually { $0.count >= 2 }.count == 2)
            }
        }
    }

    private static func signIn(_ server: LiveServer) async throws -> String {
        let reply = try await server.request(.post, "/dashboard/signin", body: "token=" + adminToken, contentType: form)
        return session(from: try #require(reply.header("Set-Cookie")))
    }

    private static func session(from setCookie: String) -> String {
        String(setCookie.prefix { $0 != ";" })
    }

    private static func csrf(in html: String) throws -> String {
        String(try #require(html.firstMatch(of: /name="csrf" value="([^"]+)"/)).output.1)
    }
}
