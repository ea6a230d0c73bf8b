import Testing

@testable import Inlet

@Suite("POST /api/v1/ingest/events")
struct IngestEventsTests {
    @Test(arguments: Backend.all)
    func mixedBatchAnswers207WithRowsInIndexOrder(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            let reply = try await server.postEvents(batch(event(), event(type: "bad type!"), event(actor: "{}")))
            #expect(reply.status == 207)
            #expect(reply["accepted"] == .int(1))
            #expect(reply["rejected"] == .int(2))
            let results = reply["results"]?.arrayValue ?? []
            #expect(results.map { $0["index"] } == [.int(0), .int(1), .int(2)])
            #expect(results[0]["status"] == .string("accepted"))
            #expect(results[0]["id"]?.stringValue?.hasPrefix("evt_") == true)
            #expect(results[0]["workerId"]?.stringValue?.hasPrefix("wrk_") == true)
            #expect(results[1]["error"]?["code"] == .string("invalid_event"))
            #expect(results[2]["error"]?["code"] == .string("invalid_actor"))
            #expect(reply["requestId"]?.stringValue == reply.header("X-Request-Id"))
        }
    }

    @Test(arguments: Backend.all)
    func allRejectedAnswers422WithTheFirstRowsCodeOnTop(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            let reply = try await server.postEvents(batch(event(#""timestamp": "yesterday""#), event(type: "bad type!")))
            #expect(reply.status == 422)
            #expect(reply.errorCode == "invalid_timestamp")
            #expect(reply["error"]?["docsUrl"]?.stringValue?.hasSuffix("/docs#invalid_timestamp") == true)
            #expect(reply["accepted"] == .int(0))
        }
    }

    @Test(arguments: Backend.all)
    func actorResolutionMatchesByExternalIdThenEmailCaseInsensitively(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            let first = try await server.postEvents(batch(event(actor: #"{"externalId": "eng-17", "email": "Alex@Acme.com"}"#)))
            let worker = first["results"]?.arrayValue?[0]["workerId"]
            #expect(first["results"]?.arrayValue?[0]["identity"] == .string("created"))
            let byEmail = try await server.postEvents(batch(event(actor: #"{"email": "alex@ACME.com"}"#)))
            #expect(byEmail["results"]?.arrayValue?[0]["workerId"] == worker)
            #expect(byEmail["results"]?.arrayValue?[0]["identity"] == .string("matched"))
            let byExternal = try await server.postEvents(batch(event(actor: #"{"externalId": "eng-17"}"#)))
            #expect(byExternal["results"]?.arrayValue?[0]["workerId"] == worker)
            let byWorker = try await server.postEvents(batch(event(actor: #"{"workerId": "\#(worker?.stringValue ?? "")"}"#)))
            #expect(byWorker["results"]?.arrayValue?[0]["identity"] == .string("matched"))

            let detail = try await server.request(.get, "/api/v1/workers/\(worker?.stringValue ?? "")", key: server.appKey)
            let identifiers = detail["identifiers"]?.arrayValue ?? []
            #expect(identifiers.contains(.object([("kind", .string("email")), ("value", .string("alex@acme.com"))])))
            #expect(identifiers.contains(.object([("kind", .string("externalId")), ("value", .string("eng-17")), ("app", .string("default"))])))
            // The activity score is the built-in ruleset's, kept by the lead processor.
            let scored = try await server.eventually("/api/v1/workers/\(worker?.stringValue ?? "")") { $0["activityScore"] == .int(4) }
            #expect(scored["activityScore"] == .int(4) && scored["scores"] == .object([("activity", .int(4))]), "\(scored.body)")
        }
    }

    @Test(arguments: Backend.all)
    func unknownWorkerIdIsARowError(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            let reply = try await server.postEvents(batch(event(actor: #"{"workerId": "wrk_nobody"}"#)))
            #expect(reply.status == 422)
            #expect(reply.errorCode == "unknown_worker")
        }
    }

    @Test(arguments: Backend.all)
    func repeatedClientEventIdIsStoredOnceAndReportedDuplicate(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            let first = try await server.postEvents(batch(event(#""id": "crm-1""#), event(#""id": "crm-1""#)))
            #expect(first.status == 200)
            let rows = first["results"]?.arrayValue ?? []
            #expect(rows[1]["status"] == .string("duplicate"))
            #expect(rows[1]["id"] == rows[0]["id"])
            #expect(first["accepted"] == .int(2))
            #expect(first["duplicates"] == .int(1))
            let again = try await server.postEvents(batch(event(#""id": "crm-1""#)))
            #expect(again["results"]?.arrayValue?[0]["status"] == .string("duplicate"))
            #expect(again["results"]?.arrayValue?[0]["id"] == rows[0]["id"])
            let timeline = try await server.request(.get, "/api/v1/timeline", key: server.appKey)
            #expect(timeline["items"]?.arrayValue?.count == 1)
        }
    }

    @Test(arguments: Backend.all)
    func sentAtCorrectsClockSkewAndFutureLimitAppliesAfter(backend: Backend) async throws {
        let clock = TestClock(RFC3339.parse("2026-04-19T12:00:00Z")!)
        try await withLiveServer(try await testConfiguration(backend, clock: clock)) { server in
            // The client's clock is 2 hours ahead: its 13:30 is our 11:30.
            let body = #"{"sentAt": "2026-04-19T14:00:00Z", "events": [\#(event(#""timestamp": "2026-04-19T13:30:00Z""#)), \#(event())]}"#
            let reply = try await server.postEvents(body)
            #expect(reply.status == 200, "\(reply.body)")
            let rows = reply["results"]?.arrayValue ?? []
            #expect(rows[0]["timestampCorrected"] == .bool(true))
            #expect(rows[1]["timestampCorrected"] == nil)
            let timeline = try await server.request(.get, "/api/v1/timeline", key: server.appKey)
            let timestamps = timeline["items"]?.arrayValue?.compactMap { $0["timestamp"]?.stringValue } ?? []
            #expect(timestamps == ["2026-04-19T12:00:00.000Z", "2026-04-19T11:30:00.000Z"])

            let future = try await server.postEvents(batch(event(#""timestamp": "2026-04-19T13:00:01Z""#)))
            #expect(future.errorCode == "invalid_timestamp")
            let skewed = #"{"sentAt": "2026-04-19T10:00:00Z", "events": [\#(event(#""timestamp": "2026-04-19T11:30:00Z""#))]}"#
            #expect(try await server.postEvents(skewed).errorCode == "invalid_timestamp")
            let ancient = #"{"sentAt": "9999-01-01T00:00:00Z", "events": [\#(event(#""timestamp": "2026-04-19T11:30:00Z""#))]}"#
            #expect(try await server.postEvents(ancient).errorCode == "invalid_timestamp")
            #expect(try await server.postEvents(batch(event(#""timestamp": "1969-12-31T23:59:59Z""#))).errorCode == "invalid_timestamp")
        }
    }

    @Test(arguments: Backend.all)
    func dryRunAnswersTheSameAndWritesNothing(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            let dry = try await server.postEvents(batch(event(), event(type: "bad type!")), query: "?dryRun=true")
            #expect(dry.status == 207)
            #expect(dry["results"]?.arrayValue?[0]["identity"] == .string("created"))
            let timeline = try await server.request(.get, "/api/v1/timeline", key: server.appKey)
            #expect(timeline["items"]?.arrayValue?.isEmpty == true)
            let workers = try await server.request(.get, "/api/v1/workers", key: server.appKey)
            #expect(workers["items"]?.arrayValue?.isEmpty == true)
        }
    }

    @Test(arguments: Backend.all)
    func dryRunIsTrueOrFalseAndChecksTheIdempotencyKey(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            #expect(try await server.postEvents(batch(event()), query: "?dryRun=false").status == 200)
            #expect(try await server.postEvents(batch(event()), query: "?dryRun=yes").errorCode == "invalid_body")
            #expect(try await server.postEvents(batch(event()), query: "?dryRun=").errorCode == "invalid_body")
            let overLong = try await server.postEvents(
                batch(event()),
                headers: ["Idempotency-Key": String(repeating: "k", count: 256)],
                query: "?dryRun=true"
            )
            #expect(overLong.status == 400 && overLong.errorCode == "invalid_body")
            let timeline = try await server.request(.get, "/api/v1/timeline", key: server.appKey)
            #expect(timeline["items"]?.arrayValue?.count == 1)
        }
    }

    @Test(arguments: Backend.all)
    func whitelistPatternsDecideForbiddenEventType(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            let (_, key) = try await server.makeOrganization(slug: "acme", eventTypes: ["ticket.*", "deploy.shipped"])
            let reply = try await server.postEvents(
                batch(
                    event(type: "ticket.created"),
                    event(type: "ticket.a.b"),
                    event(type: "ticket"),
                    event(type: "deploy.shipped"),
                    event(type: "deploy.rolled")
                ),
                key: key
            )
            let statuses = reply["results"]?.arrayValue?.map { $0["error"]?["code"]?.stringValue ?? "ok" }
            #expect(statuses == ["ok", "ok", "forbidden_event_type", "ok", "forbidden_event_type"])
        }
    }

    @Test(arguments: Backend.all)
    func metadataIsKeptVerbatimAndLimited(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            let metadata = #"{"z": 1.50, "a": {"n": [1, 2e3, "x"]}, "u": "\u00e9"}"#
            let reply = try await server.postEvents(batch(event(#""metadata": \#(metadata)"#)))
            #expect(reply.status == 200)
            let timeline = try await server.request(.get, "/api/v1/timeline", key: server.appKey)
            #expect(timeline.body.contains(#""metadata":{"z":1.50,"a":{"n":[1,2e3,"x"]},"u":"é"}"#))

            let big = #"{"blob": "\#(String(repeating: "x", count: 16_400))"}"#
            #expect(try await server.postEvents(batch(event(#""metadata": \#(big)"#))).errorCode == "metadata_too_large")
            let deep = String(repeating: #"{"a":"#, count: 17) + "1" + String(repeating: "}", count: 17)
            #expect(try await server.postEvents(batch(event(#""metadata": \#(deep)"#))).errorCode == "invalid_event")
            let sixteen = String(repeating: #"{"a":"#, count: 16) + "1" + String(repeating: "}", count: 16)
            #expect(try await server.postEvents(batch(event(#""metadata": \#(sixteen)"#))).status == 200)
        }
    }

    @Test(arguments: Backend.all)
    func envelopeProblemsAreInvalidBody(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            for body in ["[]", #"{"events": {}}"#, #"{"events": []}"#, #"{}"#, #"{"events": [], "extra": 1}"#, #"{"events": [1], "sentAt": 5}"#] {
                let reply = try await server.postEvents(body)
                #expect(reply.status == 400, "\(body)")
                #expect(reply.errorCode == "invalid_body", "\(body)")
            }
            let tooMany = batch(Array(repeating: event(), count: 501).joined(separator: ","))
            #expect(try await server.postEvents(tooMany).errorCode == "invalid_body")
            let fiveHundred = batch(Array(repeating: event(), count: 500).joined(separator: ","))
            #expect(try await server.postEvents(fiveHundred).status == 200)
        }
    }

    @Test(arguments: Backend.all)
    func writesBeyondTheInFlightBodyBudgetWaitTheirTurnAndAreAllStored(backend: Backend) async throws {
        var configuration = try await testConfiguration(backend)
        configuration.inFlightBodyBytes = 1  // every write waits for the one before it
        try await withLiveServer(configuration) { server in
            let body = batch(Array(repeating: event(), count: 50).joined(separator: ","))
            let replies = try await withThrowingTaskGroup(of: Reply.self) { group in
                for _ in 0..<20 { group.addTask { try await server.postEventsOnOwnConnection(body) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(replies.map(\.status) == Array(repeating: 200, count: 20))
            #expect(replies.compactMap { $0["accepted"] } == Array(repeating: .int(50), count: 20))
        }
    }
}
