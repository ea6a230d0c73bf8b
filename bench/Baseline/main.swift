import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import Inlet
import Logging
import PostgresNIO

/// The benchmark's baselines, measured in the same run as Inlet:
/// - `http <port>`: the same framework and the same JSON decoding and
///   validation as `POST /api/v1/ingest/events` and `POST /api/webhook/{stream}`
///   (flattening and identity), answering without authenticating or storing;
/// - `store <file> <seconds>`: raw inserts of the same event rows into the same
///   SQLite schema and settings, 4 000 rows per commit, printing events/s;
/// - `postgres <url> <seconds> <connections>`: raw inserts of the same event
///   rows into the same PostgreSQL tables, 500 rows per `INSERT … SELECT FROM
///   unnest(…)` committed on its own, from that many connections at once,
///   printing events/s.
let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "store":
    try await rawInserts(path: arguments[1], seconds: Double(arguments[2]) ?? 10)
case "postgres":
    try await rawUnnestInserts(url: arguments[1], seconds: Double(arguments[2]) ?? 10, connections: Int(arguments[3]) ?? 1)
default:
    try await serveDecodeOnly(port: arguments.dropFirst().first.flatMap(Int.init) ?? 8081)
}

func serveDecodeOnly(port: Int) async throws {
    let validator = EventValidator(whitelist: EventTypeWhitelist(["*"]), ids: TimeOrderedIdentifierGenerator(clock: SystemClock()))
    let router = Router()
    router.post("/api/v1/ingest/events") { request, _ -> Response in
        let buffer = try await request.body.collect(upTo: 5 << 20)
        let json = try JSONParser.parse(Array(buffer.readableBytesView))
        let batch = try validator.validate(json, receivedAt: SystemClock().nowMillis())
        let results = batch.rows.indices.map { JSONValue.object([("index", .int($0)), ("status", .string("accepted"))]) }
        let body = JSONWriter.bytes(.object([("accepted", .int(batch.rows.count)), ("rejected", .int(0)), ("results", .array(results))]))
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
    router.post("/api/webhook/{stream}") { request, _ -> Response in
        let buffer = try await request.body.collect(upTo: 1 << 20)
        let json = try JSONParser.parse(Array(buffer.readableBytesView))
        let items = try WebhookPayload.items(json, key: request.headers[HTTPField.Name("X-Item-Key")!])
        let outcomes = items.enumerated().compactMap { index, item in
            (try? item.get()).map { JSONValue.object([("index", .int(index)), ("id", .string($0.id)), ("result", .string("created"))]) }
        }
        let body = JSONWriter.bytes(
            .object([
                ("status", .string("accepted")), ("received", .int(items.count)), ("stored", .int(outcomes.count)),
                ("items", .array(outcomes)), ("rejections", .array([])),
            ])
        )
        return Response(status: .accepted, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
    let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
    try await app.runService()
}

func rawInserts(path: String, seconds: Double) async throws {
    try await StoreAdministration.with(database: .sqlite(path: path)) { _ in }
    let queue = try DatabaseQueue(path: path)
    let ids = TimeOrderedIdentifierGenerator(clock: SystemClock())
    let rate = try await queue.writeWithoutTransaction { db in
        try db.execute(sql: "PRAGMA synchronous = FULL; PRAGMA cache_size = -16384")
        let start = Date()
        var inserted = 0
        while Date().timeIntervalSince(start) < seconds {
            try db.inTransaction {
                let statement = try db.cachedStatement(
                    sql: """
                        INSERT INTO events (id, organization_id, app_id, app, source, worker_id, event_type, category, timestamp,
                        received_at, duration, metadata, timestamp_corrected) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """
                )
                let now = SystemClock().nowMillis()
                for row in 0..<4000 {
                    try statement.execute(arguments: [
                        ids.make(.event), "org_01M86KSG2E4S1KNC51E9EZQWEA", "app_01M86KSG2E4S1KNC51E9EZQWEB", "default",
                        "custom:default", "wrk_01M86KSG2E4S1KNC51E9EZQW\(row % 50)", "ticket.resolved", "project_management", now,
                        now, 240.0, #"{"ticket_id":"SUP-\#(row)","priority":"high"}"#, false,
                    ])
                }
                return .commit
            }
            inserted += 4000
        }
        return Int(Double(inserted) / Date().timeIntervalSince(start))
    }
    print(rate)
}

func rawUnnestInserts(url: String, seconds: Double, connections: Int) async throws {
    let database = try DatabaseLocation(parsing: url)
    guard case .postgres(let url) = database else {
        print("postgres needs a postgres:// URL")
        exit(64)
    }
    try await StoreAdministration.with(database: database) { _ in }
    var configuration = PostgresClient.Configuration(
        host: url.host,
        port: url.port,
        username: url.username,
        password: url.password,
        database: url.database,
        tls: .disable
    )
    configuration.options.maximumConnections = connections
    let client = PostgresClient(configuration: configuration, backgroundLogger: Logger(label: "baseline"))
    let ids = TimeOrderedIdentifierGenerator(clock: SystemClock())
    let rows = 500
    let rate = try await withThrowingTaskGroup(of: Int.self) { group in
        group.addTask {
            await client.run()
            return 0
        }
        let start = Date()
        for _ in 0..<connections {
            group.addTask {
                var inserted = 0
                try await client.withConnection { connection in
                    while Date().timeIntervalSince(start) < seconds {
                        let now = SystemClock().nowMillis()
                        let indices = Array(0..<rows)
                        try await connection.query(
                            """
                            INSERT INTO events (organization_id, id, app_id, app, source, worker_id, event_type, category, timestamp,
                                received_at, duration, metadata, timestamp_corrected)
                            SELECT * FROM unnest(\(Array(repeating: "org_01M86KSG2E4S1KNC51E9EZQWEA", count: rows))::text[],
                                \(indices.map { _ in ids.make(.event) })::text[], \(Array(repeating: "app_01M86KSG2E4S1KNC51E9EZQWEB", count: rows))::text[],
                                \(Array(repeating: "default", count: rows))::text[], \(Array(repeating: "custom:default", count: rows))::text[],
                                \(indices.map { "wrk_01M86KSG2E4S1KNC51E9EZQW\($0 % 50)" })::text[],
                                \(Array(repeating: "ticket.resolved", count: rows))::text[], \(Array(repeating: "project_management", count: rows))::text[],
                                \(Array(repeating: now, count: rows))::int8[], \(Array(repeating: now, count: rows))::int8[],
                                \(Array(repeating: 240.0, count: rows))::float8[],
                                \(indices.map { #"{"ticket_id":"SUP-\#($0)","priority":"high"}"# })::text[],
                                \(Array(repeating: false, count: rows))::bool[])
                            """,
                            logger: Logger(label: "baseline")
                        )
                        inserted += rows
                    }
                }
                return inserted
            }
        }
        var inserted = 0
        for _ in 0..<connections { inserted += try await group.next() ?? 0 }
        let elapsed = Date().timeIntervalSince(start)
        group.cancelAll()
        return Int(Double(inserted) / elapsed)
    }
    print(rate)
}
