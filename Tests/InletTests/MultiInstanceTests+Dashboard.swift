import Foundation
import HTTPTypes
import Testing

@testable import Inlet

extension MultiInstanceTests {
    @Test func signingOutOnOneInstanceEndsTheSessionOnTheOther() async throws {
        let (_, a, b, _) = try await Self.twoInstances(environment: ["INLET_SESSION_SECRET": "shared-session-secret"])
        let form = ["Content-Type": "application/x-www-form-urlencoded"]
        let signedIn = try await Self.send(.post, "/dashboard/signin", port: a.port, key: "", headers: form, body: "token=" + Self.token)
        #expect(signedIn.status == 303)
        let cookie = String(try #require(signedIn.headers[.setCookie]).prefix { $0 != ";" })
        let page = try await Self.send(.get, "/dashboard", port: b.port, key: "", headers: ["Cookie": cookie])
        #expect(page.status == 200, "the other instance accepts the session")
        let csrf = String(try #require(page.text.firstMatch(of: /name="csrf" value="([^"]+)"/)).output.1)

        let out = try await Self.send(
            .post,
            "/dashboard/signout",
            port: a.port,
            key: "",
            headers: form.merging(["Cookie": cookie]) { $1 },
            body: "csrf=" + csrf
        )
        #expect(out.status == 303)
        for process in [b, a] {
            let after = try await Self.send(.get, "/dashboard", port: process.port, key: "", headers: ["Cookie": cookie])
            #expect(after.status == 303 && after.headers[.location] == "/dashboard/signin", "the signed-out cookie opens nothing")
        }
        let again = try await Self.send(.post, "/dashboard/signin", port: b.port, key: "", headers: form, body: "token=" + Self.token)
        let fresh = String(try #require(again.headers[.setCookie]).prefix { $0 != ";" })
        #expect(try await Self.send(.get, "/dashboard", port: a.port, key: "", headers: ["Cookie": fresh]).status == 200)
        try await Self.stop(a, b)
    }

    @Test func theChartOfOneInstanceCountsTheRowsTheOtherAnswered() async throws {
        let (_, a, b, key) = try await Self.twoInstances()
        #expect(try await Self.send(.post, "/api/v1/ingest/events", port: a.port, key: key, body: batch(event(), event())).status == 200)
        #expect(try await Self.send(.post, "/api/v1/ingest/events", port: b.port, key: key, body: batch(event())).status == 200)
        let form = ["Content-Type": "application/x-www-form-urlencoded"]
        let signedIn = try await Self.send(.post, "/dashboard/signin", port: b.port, key: "", headers: form, body: "token=" + Self.token)
        let cookie = String(try #require(signedIn.headers[.setCookie]).prefix { $0 != ";" })
        let page = try await Self.send(.get, "/dashboard", port: b.port, key: "", headers: ["Cookie": cookie])
        #expect(page.text.contains("accepted: 3"), "both instances' rows")
        try await Self.stop(a, b)
    }
}
