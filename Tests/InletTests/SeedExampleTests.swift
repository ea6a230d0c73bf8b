import Testing

@testable import Inlet

@Suite("The public documents' examples")
struct SeedExampleTests {
    @Test(arguments: Backend.all)
    func everyDocumentedBodyIsAcceptedAsWritten(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            let overview = try await server.postEvents(SeedFixtures.overviewEvent, headers: ["Idempotency-Key": "crm-evt-5821"])
            #expect(overview.status == 200, "\(overview.body)")
            #expect(overview["accepted"] == .int(1))

            let guide = try await server.postEvents(SeedFixtures.guideEvent)
            #expect(guide.status == 200, "\(guide.body)")
            #expect(guide["results"]?.arrayValue?.first?["identity"] == .string("created"))

            for body in [SeedFixtures.overviewSnapshot, SeedFixtures.guideSnapshot] {
                let snapshot = try await server.request(.post, "/api/v1/ingest/snapshots", key: server.appKey, body: body)
                #expect(snapshot.status == 200, "\(snapshot.body)")
                #expect(snapshot["replaced"] == .bool(false))
            }

            let timeline = try await server.request(.get, "/api/v1/timeline", key: server.appKey)
            let items = timeline["items"]?.arrayValue ?? []
            #expect(items.count == 2)
            let deploy = items.first { $0["eventType"] == .string("deploy.shipped") }
            #expect(deploy?["timestamp"] == .string("2026-04-19T12:05:00.000Z"))
            #expect(deploy.map { JSONWriter.string($0["metadata"]!) } == #"{"service":"checkout-api","sha":"3c4d8a1","env":"production"}"#)
            #expect(deploy?["duration"] == .int(612))
        }
    }
}
