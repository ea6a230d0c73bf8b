import Hummingbird
import Inlet

/// The benchmark's baseline: the same framework and the same JSON decoding and
/// validation as `POST /api/v1/ingest/events`, answering without authenticating
/// or storing. Listens on the port given as the first argument.
let port = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 8081
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
let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
try await app.runService()
