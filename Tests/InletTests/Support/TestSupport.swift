import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Synchronization
import Testing

@testable import Inlet

/// A clock tests move by hand.
final class TestClock: InletClock {
    private let now: Mutex<Int64>

    init(_ start: Int64 = RFC3339.parse("2026-04-19T12:00:00Z")!) {
        now = Mutex(start)
    }

    func nowMillis() -> Int64 { now.withLock { $0 } }

    func advance(seconds: Double) {
        now.withLock { $0 += Int64(seconds * 1000) }
    }
}

/// bcrypt at its lowest cost, so tests that create many keys stay fast, with a
/// queue as long as they need at the usual priority: the in-process tests run
/// many servers at once, on every core.
let cheapHasher = BcryptHasher(cost: 4, queueLimit: 100_000, niceness: 0)
let adminToken = "test-admin-token"
/// How long a store operation waits for PostgreSQL in the in-process tests.
let testDatabaseTimeout = Duration.seconds(30)

/// A fresh temporary SQLite path.
func temporaryDatabasePath() -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("inlet-tests-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory.appendingPathComponent("inlet.sqlite").path
}

/// A test configuration: loopback, any free port, the given database, a fixed clock.
func testConfiguration(clock: TestClock = TestClock(), database: DatabaseLocation) -> InletConfiguration {
    var configuration = InletConfiguration()
    configuration.port = 0
    configuration.database = database
    configuration.databasePoolSize = 4
    // The parallel run shares two cores among a hundred servers: a store
    // operation may wait longer than the product's 5 s before it gives up.
    configuration.databaseTimeout = testDatabaseTimeout
    configuration.adminToken = adminToken
    configuration.clock = clock
    configuration.hasher = cheapHasher
    configuration.logLevel = .critical
    configuration.webhooksAllowPrivate = true
    return configuration
}

/// A test configuration on a fresh database of `backend`.
func testConfiguration(_ backend: Backend, clock: TestClock = TestClock()) async throws -> InletConfiguration {
    testConfiguration(clock: clock, database: try await backend.freshDatabase())
}

/// What a test gets: an HTTP client to the live server and the first start's key.
struct LiveServer: Sendable {
    let client: any TestClientProtocol
    let appKey: String
    let organizationID: String
    /// The key of stream `default`, created on first start.
    var streamKey = ""
}

/// Starts the real server on a fresh database of `backend` and runs `test` against it.
func withLiveServer<Value: Sendable>(
    _ backend: Backend,
    draining: DrainState = DrainState(),
    _ test: @escaping @Sendable (LiveServer) async throws -> Value
) async throws -> Value {
    try await withLiveServer(try await testConfiguration(backend), draining: draining, test)
}

/// The in-process suite starts a few hundred tests at once on two cores: at
/// most this many run a server at a time, so that each starts and answers
/// within its deadlines instead of all of them crawling together.
private let liveServerSlots = WorkLimit(width: 24, queueLimit: .max)

private enum LiveServerSlot {
    /// Whether this task already holds a slot: a server started inside
    /// another's test (a restart, a second instance) takes none of its own.
    @TaskLocal static var held = false
}

/// Starts the real server on a loopback port and runs `test` against it.
func withLiveServer<Value: Sendable>(
    _ configuration: InletConfiguration,
    draining: DrainState = DrainState(),
    _ test: @escaping @Sendable (LiveServer) async throws -> Value
) async throws -> Value {
    guard LiveServerSlot.held else {
        return try await liveServerSlots.run {
            try await LiveServerSlot.$held.withValue(true) {
                try await withLiveServer(configuration, draining: draining, test)
            }
        }
    }
    let firstStart = Mutex<FirstStart?>(nil)
    let app = try await buildApplication(configuration: configuration, draining: draining) { start in
        firstStart.withLock { $0 = start }
    }
    // HummingbirdTesting waits for the port of a server that failed to start
    // without end: the test fails after a minute instead of holding up the run.
    let started = Mutex(false)
    return try await Deadline.run(within: .seconds(60), expired: started.withLock { $0 } ? nil : ServerDidNotStart()) {
        try await app.test(.live) { client in
            started.withLock { $0 = true }
            let start = firstStart.withLock { $0 }
            return try await test(
                LiveServer(
                    client: client,
                    appKey: start?.appKey ?? "",
                    organizationID: start?.organization.id ?? "",
                    streamKey: start?.streamKey ?? ""
                )
            )
        }
    }
}

/// The server did not start: its store could not be prepared, say.
struct ServerDidNotStart: Error {}

/// An answer with its body parsed as JSON.
struct Reply: Sendable {
    let status: Int
    let headers: HTTPFields
    let body: String
    let json: JSONValue

    subscript(_ key: String) -> JSONValue? { json[key] }

    /// The error code of an envelope.
    var errorCode: String? { json["error"]?["code"]?.stringValue }

    func header(_ name: String) -> String? { headers[HTTPField.Name(name)!] }
}

extension LiveServer {
    @discardableResult
    func request(
        _ method: HTTPRequest.Method,
        _ uri: String,
        key: String? = nil,
        headers: [String: String] = [:],
        body: String? = nil,
        bytes: [UInt8]? = nil,
        contentType: String? = "application/json"
    ) async throws -> Reply {
        var fields = HTTPFields()
        if let key { fields[.authorization] = "Bearer " + key }
        if body != nil || bytes != nil, let contentType { fields[.contentType] = contentType }
        for (name, value) in headers { fields[HTTPField.Name(name)!] = value }
        let buffer = bytes.map { ByteBuffer(bytes: $0) } ?? body.map { ByteBuffer(string: $0) }
        let response = try await client.execute(uri: uri, method: method, headers: fields, body: buffer)
        let text = String(buffer: response.body)
        let json = (try? JSONParser.parse(Array(text.utf8))) ?? .null
        return Reply(status: response.status.code, headers: response.headers, body: text, json: json)
    }

    /// Reads `uri` of the first start's organization with the admin token
    /// (which no rate limit counts) until `holds` is true of the reply, as
    /// the lead processor works after the answer; for up to 10 s. Returns
    /// the last reply. Reads the default organization unless told another.
    func eventually(_ uri: String, organization: String? = nil, until holds: (Reply) -> Bool) async throws -> Reply {
        let deadline = ContinuousClock.now + .seconds(10)
        while true {
            let reply = try await request(.get, uri + (uri.contains("?") ? "&" : "?") + "org=" + (organization ?? organizationID), key: adminToken)
            if holds(reply) || ContinuousClock.now > deadline { return reply }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Posts events on a connection of its own, so that several can be in flight at once.
    func postEventsOnOwnConnection(_ body: String, headers: [String: String] = [:]) async throws -> Reply {
        let port = try #require(client.port)
        return try await TestClient.withClient(host: "127.0.0.1", port: port) { connection in
            var fields: HTTPFields = [.authorization: "Bearer " + appKey, .contentType: "application/json"]
            for (name, value) in headers { fields[HTTPField.Name(name)!] = value }
            let response = try await connection.post("/api/v1/ingest/events", headers: fields, body: ByteBuffer(string: body))
            let text = response.body.map { String(buffer: $0) } ?? ""
            return Reply(
                status: response.status.code,
                headers: response.headers,
                body: text,
                json: (try? JSONParser.parse(Array(text.utf8))) ?? .null
            )
        }
    }

    /// Posts events with the first start's app key.
    func postEvents(_ body: String, key: String? = nil, headers: [String: String] = [:], query: String = "") async throws -> Reply {
        try await request(.post, "/api/v1/ingest/events" + query, key: key ?? appKey, headers: headers, body: body)
    }

    /// Creates an organization with an app and a key through the admin API; returns the key.
    func makeOrganization(slug: String, eventTypes: [String] = ["*"], extra: String = "") async throws -> (organizationID: String, key: String) {
        let organization = try await request(
            .post,
            "/api/v1/admin/orgs",
            key: adminToken,
            body: #"{"name": "\#(slug)", "slug": "\#(slug)"\#(extra)}"#
        )
        #expect(organization.status == 201, "\(organization.body)")
        let types = eventTypes.map { "\"\($0)\"" }.joined(separator: ",")
        let app = try await request(.post, "/api/v1/admin/orgs/\(slug)/apps", key: adminToken, body: #"{"slug": "app", "eventTypes": [\#(types)]}"#)
        #expect(app.status == 201, "\(app.body)")
        let key = try await request(.post, "/api/v1/admin/orgs/\(slug)/apps/app/keys", key: adminToken, body: "{}")
        #expect(key.status == 201, "\(key.body)")
        return (organization["id"]?.stringValue ?? "", key["key"]?.stringValue ?? "")
    }
}

/// One event body with the given fields merged into a valid default.
func event(_ fields: String = "", type: String = "ticket.resolved", actor: String = #"{"email": "alex@acme.com"}"#) -> String {
    #"{"eventType": "\#(type)", "category": "project_management", "actor": \#(actor)\#(fields.isEmpty ? "" : ", " + fields)}"#
}

/// An events body of the given event objects.
func batch(_ events: String...) -> String {
    #"{"events": [\#(events.joined(separator: ", "))]}"#
}

/// A value shared between concurrent test tasks.
final class Locked<Value: Sendable>: Sendable {
    private let storage: Mutex<Value>

    init(_ value: Value) {
        storage = Mutex(value)
    }

    func withLock<Result>(_ body: (inout Value) -> Result) -> Result {
        storage.withLock { body(&$0) }
    }
}

/// Identifiers as in production, except that people are numbered
/// (`wrk_test1`, `wrk_test2`, …), so a test knows a lead's id before it exists.
struct NumberedWorkerIDs: IdentifierGenerator {
    private let base: TimeOrderedIdentifierGenerator
    private let count = Locked(0)

    init(clock: any InletClock) {
        base = TimeOrderedIdentifierGenerator(clock: clock)
    }

    func make(_ prefix: IdentifierPrefix) -> String {
        guard prefix == .worker else { return base.make(prefix) }
        return "wrk_test"
            + String(
                count.withLock {
                    $0 += 1
                    return $0
                }
            )
    }

    func rank() -> Int64 { base.rank() }
}

extension LiveServer {
    /// Posts one lead event to `/ingest` with the first start's key, sent as seed 002 does (Basic auth).
    func ingest(_ body: String, key: String? = nil, headers: [String: String] = [:]) async throws -> Reply {
        let basic = Data(((key ?? appKey) + ":").utf8).base64EncodedString()
        return try await request(.post, "/ingest", headers: headers.merging(["Authorization": "Basic " + basic]) { $1 }, body: body)
    }
}
