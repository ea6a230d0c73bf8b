import Foundation
import InletClient
import Synchronization
import Testing

/// The Swift client against the real `inlet` binary, on SQLite and PostgreSQL:
/// the seed's calls, retries through injected faults, splitting, the buffered
/// sender, streams, leads and imports.
@Suite("InletClient against the real server")
struct ClientTests {
    private static func ticket(_ n: Int, type: String = "ticket.resolved") -> Event {
        Event(
            eventType: type,
            category: "project_management",
            actor: .externalID("crm-user-\(n % 7)"),
            duration: 240,
            metadata: ["ticket_id": .string("SUP-\(n)"), "priority": "high", "n": .integer(Int64(n))]
        )
    }

    @Test(arguments: Backend.all)
    func theSeedCallsWorkAsWritten(backend: Backend) async throws {
        let server = try await ClientServer.start(backend)
        let client = server.client()
        let ping = try await client.ping()
        #expect(ping.ok && ping.organizationID.hasPrefix("org_") && ping.app == "default")

        let jobID = "job-42"
        let attempt = 1
        let metadata: JSONValue = ["ticket_id": "SUP-431", "priority": "high", "nested": ["z": 1, "a": [true, nil, 2.5]]]
        let result = try await client.ingestEvents(
            [Event(eventType: "ticket.resolved", category: "project_management", actor: .email("alex@acme.com"), duration: 240, metadata: metadata)],
            idempotencyKey: "\(jobID):\(attempt)"
        )
        #expect(result.accepted == 1 && result.results.first?.status == .accepted)
        let snapshot = try await client.ingestSnapshot(
            Snapshot(
                snapshotType: "tickets_open",
                actor: .externalID("crm-user-42"),
                metrics: ["tickets_open": 7, "sla_attainment": SnapshotMetric(value: 0.92, unit: "ratio", label: "SLA")]
            )
        )
        #expect(snapshot.id.hasPrefix("snp_") && !snapshot.replaced)

        let stored = try await server.stored(eventType: "ticket.resolved")
        #expect(stored.count == 1 && stored.first?.metadata == metadata)
        let worker = try await client.worker(snapshot.workerID)
        #expect(worker.strip.first?.metrics.map(\.name) == ["tickets_open", "sla_attainment"])
        #expect(worker.strip.first?.metrics.last?.unit == "ratio")
        try await server.stop()
    }

    @Test(arguments: Backend.all)
    func anAnswerLostAfterTheCommitIsRetriedWithTheSameKeyAndStoredOnce(backend: Backend) async throws {
        let server = try await ClientServer.start(backend)
        let faults = FaultTransport([.loseAnswer, .loseAnswer])
        let result = try await server.client(faults: faults).ingestEvents([Self.ticket(1), Self.ticket(2)])
        #expect(result.accepted == 2)
        let keys = faults.sent.map(\.idempotencyKey)
        #expect(keys.count == 3 && Set(keys).count == 1 && keys[0]?.count == 32)
        #expect(try await server.stored(eventType: "ticket.resolved").count == 2)
        try await server.stop()
    }

    @Test(arguments: Backend.all)
    func unavailableAndRateLimitedAnswersAreRetriedNoSoonerThanRetryAfter(backend: Backend) async throws {
        let server = try await ClientServer.start(backend)
        let faults = FaultTransport([
            .answer(status: 503, code: "unavailable", retryAfter: 1), .answer(status: 503, code: "overloaded", retryAfter: 1),
            .answer(status: 429, code: "rate_limited", retryAfter: 1),
        ])
        let result = try await server.client(faults: faults).ingestEvents([Self.ticket(1)])
        #expect(result.accepted == 1)
        let times = faults.sent.map(\.at)
        #expect(times.count == 4)
        for (before, after) in zip(times, times.dropFirst()) { #expect(after - before >= .seconds(1)) }
        #expect(try await server.stored(eventType: "ticket.resolved").count == 1)
        try await server.stop()
    }

    @Test(arguments: Backend.all)
    func aTimeoutIsRetriedAndOtherClientErrorsSurfaceTypedAtOnce(backend: Backend) async throws {
        let server = try await ClientServer.start(backend)
        let faults = FaultTransport([.hang(.seconds(30))])
        let client = server.client(faults: faults) { $0.timeout = .seconds(3) }
        #expect(try await client.ingestEvents([Self.ticket(1)]).accepted == 1)
        #expect(faults.sent.count == 2)

        let refused = FaultTransport()
        let error = await #expect(throws: InletClientError.self) {
            try await server.client(faults: refused).ingestSnapshot(
                Snapshot(snapshotType: "tickets_open", actor: .workerID("wrk_unknown"), metrics: ["open": 1])
            )
        }
        #expect(error?.status == 422 && error?.code == "unknown_worker" && error?.retryable == false)
        #expect(error?.requestID?.hasPrefix("req_") == true)
        #expect(refused.sent.count == 1)

        let wrongKey = await #expect(throws: InletClientError.self) { try await server.client(key: "wp_live_nope").ping() }
        #expect(wrongKey?.status == 401 && wrongKey?.code == "invalid_key")
        try await server.stop()
    }

    @Test(arguments: Backend.all)
    func aCallOfOverFiveHundredEventsIsSplitAndReportsEveryRowInOrder(backend: Backend) async throws {
        let server = try await ClientServer.start(backend)
        let faults = FaultTransport()
        let client = server.client(faults: faults)
        var events = (0..<1_234).map { Self.ticket($0) }
        events[700].eventType = "not a type!"
        let result = try await client.ingestEvents(events, idempotencyKey: "split-1")
        #expect(faults.sent.map(\.idempotencyKey) == ["split-1.0", "split-1.1", "split-1.2"])
        #expect(result.results.map(\.index) == Array(0..<1_234))
        #expect(result.accepted == 1_233 && result.rejected == 1 && result.requestIDs.count == 3)
        #expect(result.results[700].status == .rejected && result.results[700].error?.code == "invalid_event")
        // The same call again replays every chunk: nothing is stored twice.
        let again = try await client.ingestEvents(events, idempotencyKey: "split-1")
        #expect(again.results == result.results)
        #expect(try await server.stored(eventType: "ticket.resolved").count == 1_233)

        // The body limit splits too.
        let small = server.client(faults: faults) { $0.bodyLimit = 4_000 }
        #expect(try await small.ingestEvents((0..<40).map { Self.ticket($0, type: "ticket.small") }).accepted == 40)
        #expect(faults.sent.count > 7)
        try await server.stop()
    }

    @Test(arguments: Backend.all)
    func tenThousandEnqueuedEventsFromSeveralTasksAreAllStoredOnce(backend: Backend) async throws {
        let server = try await ClientServer.start(backend)
        let undelivered = Mutex<[UndeliveredEvent]>([])
        let client = server.client { $0.onUndelivered = { event in undelivered.withLock { $0.append(event) } } }
        await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<4 {
                group.addTask { for n in 0..<2_500 { try client.enqueue(Self.ticket(task * 2_500 + n, type: "ticket.buffered")) } }
            }
        }
        await client.shutdown(timeout: .seconds(60))
        #expect(undelivered.withLock { $0.isEmpty })
        let stored = try await server.stored(eventType: "ticket.buffered")
        #expect(stored.count == 10_000)
        #expect(Set(stored.compactMap { $0.metadata?["n"] }).count == 10_000)
        #expect(throws: InletClientError.self) { try client.enqueue(Self.ticket(0)) }
        try await server.stop()
    }

    @Test(arguments: Backend.all)
    func aFullQueueRefusesAndUndeliverableEventsReachTheHandler(backend: Backend) async throws {
        let server = try await ClientServer.start(backend)
        let undelivered = Mutex<[UndeliveredEvent]>([])
        let client = server.client {
            $0.queueCapacity = 10
            $0.onUndelivered = { event in undelivered.withLock { $0.append(event) } }
        }
        for n in 0..<9 { try client.enqueue(Self.ticket(n, type: "ticket.queued")) }
        try client.enqueue(Self.ticket(9, type: "not a type!"))
        let full = #expect(throws: InletClientError.self) { try client.enqueue(Self.ticket(10, type: "ticket.queued")) }
        #expect(full?.code == "queue_full")
        await client.flush()
        #expect(try await server.stored(eventType: "ticket.queued").count == 9)
        #expect(undelivered.withLock { $0.map(\.error.code) } == ["invalid_event"])

        // A server that cannot be reached: every event reaches the handler.
        let lost = Mutex<[UndeliveredEvent]>([])
        var options = InletClient.Options()
        options.retry = RetryPolicy(maxAttempts: 2, base: .milliseconds(10))
        options.onUndelivered = { event in lost.withLock { $0.append(event) } }
        let unreachable = InletClient(apiKey: server.key, baseURL: URL(string: "http://127.0.0.1:1")!, options: options)
        for n in 0..<3 { try unreachable.enqueue(Self.ticket(n)) }
        await unreachable.shutdown(timeout: .seconds(10))
        #expect(lost.withLock { $0.map(\.error.code) } == ["connection_failed", "connection_failed", "connection_failed"])
        try await server.stop()
    }

    @Test(arguments: Backend.all)
    func streamItemsWithAnItemKeyAndLeadEventsWithTheActiveUnit(backend: Backend) async throws {
        let server = try await ClientServer.start(backend)
        let stream = try await server.admin("POST", "api/v1/admin/orgs/default/streams", body: #"{"name": "stores"}"#)
        let streamKey = try #require(stream["key"] as? String)
        let streamClient = server.client(key: streamKey)
        let posted = try await streamClient.postToStream(
            "stores",
            items: [["sku": "a-1", "stock": 3, "place": ["city": "Leeds"]], ["sku": "b-2", "stock": 0]],
            itemKey: "sku"
        )
        #expect(posted.stored == 2 && posted.items.map(\.id) == ["a-1", "b-2"])
        var items: [StreamItem] = []
        for try await item in streamClient.streamItems("stores", where: ["place.city": "Leeds"]) { items.append(item) }
        #expect(items.map(\.id) == ["a-1"] && items.first?.fields["stock"] == 3)

        let client = server.client()
        let missing = await #expect(throws: InletClientError.self) {
            try await client.ingestLeadEvent(LeadEvent(lead: .email("ada@example.com"), eventType: "page_view"))
        }
        #expect(missing?.status == 400)
        try await client.setActiveUnit("unit_default")
        let accepted = try await client.ingestLeadEvent(
            LeadEvent(lead: .email("ada@example.com"), eventType: "page_view", metadata: ["path": "/pricing"])
        )
        #expect(accepted.eventID.hasPrefix("evt_"))
        var lead: Lead?
        for _ in 0..<100 where lead == nil {
            lead = try? await client.lead(.email, "ADA@example.com")
            if lead == nil { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(lead?.aliases.contains { $0.kind == "email" } == true)
        try await server.stop()
    }

    @Test(arguments: Backend.all)
    func anImportSentAgainStoresNothingTwice(backend: Backend) async throws {
        let server = try await ClientServer.start(backend)
        let client = server.client()
        try await client.setActiveUnit("unit_default")
        let start = Date(timeIntervalSince1970: 1_795_000_000)
        var rows = (0..<2_500).map {
            LeadEvent(lead: .email("p\($0 % 40)@example.com"), eventType: "page_view", timestamp: start.addingTimeInterval(Double($0)))
        }
        rows[1_500].timestamp = nil
        let first = try await client.importEvents(rows, rowsPerChunk: 1_000)
        #expect(first.accepted == 2_499 && first.rejected == 1 && first.rejections.map(\.index) == [1_500])
        let again = try await client.importEvents(rows, rowsPerChunk: 1_000)
        #expect(again.replayedRows == 2_500 && again.accepted == 2_499)
        try await server.stop()
    }

    @Test(arguments: Backend.all)
    func aProcessStoppedBySigtermSendsEverythingItAccepted(backend: Backend) async throws {
        let server = try await ClientServer.start(backend)
        let sender = Process()
        sender.executableURL = URL(fileURLWithPath: InletProcess.binaryPath)
        sender.arguments = ["send", "--url", server.baseURL.absoluteString, "--key", server.key]
        let input = Pipe()
        let output = Pipe()
        sender.standardInput = input
        sender.standardOutput = output
        sender.standardError = FileHandle.nullDevice
        try sender.run()
        // `inlet send` reads events while they come; all written before SIGTERM.
        let written = await Task.detached {
            var written = 0
            let end = ContinuousClock.now + .milliseconds(1500)
            while ContinuousClock.now < end {
                let lines = (written..<written + 100).map {
                    #"{"eventType": "ticket.sigterm", "category": "ops", "actor": {"externalId": "p\#($0 % 9)"}, "metadata": {"n": \#($0)}}"#
                }
                input.fileHandleForWriting.write(Data((lines.joined(separator: "\n") + "\n").utf8))
                written += 100
            }
            return written
        }.value
        kill(sender.processIdentifier, SIGTERM)
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        sender.waitUntilExit()
        try input.fileHandleForWriting.close()
        #expect(sender.terminationStatus == 0)
        let accepted = try #require(Int(printed.split(separator: "\n").last ?? ""))
        #expect(accepted > 1_000 && accepted <= written)
        let stored = try await server.stored(eventType: "ticket.sigterm")
        #expect(stored.count == accepted)
        #expect(Set(stored.compactMap { $0.metadata?["n"] }).count == accepted)
        try await server.stop()
    }
}
