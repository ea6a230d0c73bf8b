import Foundation
import HTTPTypes
import Testing

@testable import Inlet

/// PostgreSQL lost under a running `inlet`: readiness fails, writes and reads
/// answer 503 `unavailable` with `Retry-After`, nothing acknowledged is lost,
/// and service resumes by itself when the database returns.
@Suite("PostgreSQL lost and back")
struct DatabaseOutageTests {
    @Test func theServerAnswers503WhileTheDatabaseIsDownAndResumesAfter() async throws {
        let cluster = try PostgresCluster()
        let server = try await InletProcess(
            database: try cluster.location,
            adminToken: MultiInstanceTests.token,
            extraArguments: ["--database-timeout", "1"]
        )
        let key = try #require(server.appKey)
        func send(
            _ method: HTTPRequest.Method,
            _ path: String,
            body: String? = nil,
            headers: [String: String] = [:]
        ) async throws
            -> MultiInstanceTests.Answer
        {
            try await MultiInstanceTests.send(method, path, port: server.port, key: key, headers: headers, body: body)
        }
        let first = try await send(.post, "/api/v1/ingest/events", body: batch(event()))
        #expect(first.status == 200)
        try cluster.stop()

        #expect(try await send(.get, "/readyz").status == 503)
        for (method, path, body) in [(HTTPRequest.Method.post, "/api/v1/ingest/events", batch(event())), (.get, "/api/v1/timeline", nil)] {
            let answer = try await send(method, path, body: body)
            #expect(answer.status == 503 && answer.json["error"]?["code"]?.stringValue == "unavailable", "\(path)")
            #expect(answer.headers[HTTPField.Name("Retry-After")!] != nil)
        }
        // Signing in with a stored admin token cannot be checked: a 503 page, not "not an admin token".
        let token = Secret.adminTokenPrefix + String(repeating: "a", count: 40)
        let signIn = try await send(
            .post,
            "/dashboard/signin",
            body: "token=" + token,
            headers: ["Content-Type": "application/x-www-form-urlencoded"]
        )
        #expect(signIn.status == 503 && !signIn.text.contains("not an admin token"))

        try cluster.start()
        var ready = false
        let deadline = ContinuousClock.now + .seconds(20)
        while !ready, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(200))
            ready = try await send(.get, "/readyz").status == 200
        }
        #expect(ready, "readiness came back once the database did")
        #expect(try await send(.post, "/api/v1/ingest/events", body: batch(event())).status == 200)
        let ids = try await MultiInstanceTests.storedEventIDs(server)
        #expect(ids.count == 2 && ids.contains(first.json["results"]?.arrayValue?.first?["id"]?.stringValue ?? "-"))
        server.signal(SIGTERM)
        #expect(try await server.waitForExit() == 0)
    }

    /// PostgreSQL frozen (SIGSTOP) under load three times, each longer than the
    /// database timeout (one freeze may land while every group awaits a sent
    /// commit point, and then nothing is 503): requests answered 503 `unavailable` are absent once it resumes,
    /// even those whose group was being written when it froze — a commit point
    /// already sent is awaited rather than answered 503. Only a 503 that says
    /// `"outcome": "unknown"` may have been stored.
    @Test func a503MeansNotStoredEvenWhenTheDatabaseFreezesMidCommit() async throws {
        let cluster = try PostgresCluster()
        let database = try cluster.location
        let server = try await InletProcess(
            database: database,
            adminToken: MultiInstanceTests.token,
            extraArguments: ["--database-timeout", "1"]
        )
        let key = try #require(server.appKey)
        try DurabilityTests.liftLimits(database)
        let answers = Locked<[(marker: String, status: Int, outcomeUnknown: Bool)]>([])
        let sending = Task {
            await withTaskGroup(of: Void.self) { group in
                for client in 0..<24 {
                    group.addTask {
                        var sent = 0
                        let end = ContinuousClock.now + .seconds(8)
                        while ContinuousClock.now < end {
                            sent += 1
                            let marker = "c\(client)-\(sent)"
                            guard
                                let answer = try? await MultiInstanceTests.send(
                                    .post,
                                    "/api/v1/ingest/events",
                                    port: server.port,
                                    key: key,
                                    body: batch(event(#""metadata": {"m": "\#(marker)"}"#))
                                )
                            else { continue }
                            let unknown = answer.json["error"]?["outcome"]?.stringValue == "unknown"
                            answers.withLock { $0.append((marker, answer.status, unknown)) }
                        }
                    }
                }
            }
        }
        try await Task.sleep(for: .seconds(1))
        for _ in 0..<3 {
            try cluster.signal(SIGSTOP)
            try await Task.sleep(for: .milliseconds(1800))
            try cluster.signal(SIGCONT)
            try await Task.sleep(for: .milliseconds(400))
        }
        await sending.value

        let stored = Set(
            try await DurabilityTests.timeline(port: server.port, token: MultiInstanceTests.token).compactMap { $0["metadata"]?["m"]?.stringValue }
        )
        let all = answers.withLock { $0 }
        let refused = all.filter { $0.status == 503 && !$0.outcomeUnknown }
        #expect(!refused.isEmpty, "the freeze outlasted the database timeout")
        #expect(all.filter { $0.status == 200 }.allSatisfy { stored.contains($0.marker) })
        let storedAnyway = refused.filter { stored.contains($0.marker) }.map(\.marker)
        #expect(storedAnyway.isEmpty, "answered 503 unavailable, yet stored: \(storedAnyway)")
        #expect(Set(all.map(\.status)).isSubset(of: [200, 503]), "\(Set(all.map(\.status)))")
        server.signal(SIGTERM)
        #expect(try await server.waitForExit() == 0)
    }

    @Test func anUnreachableDatabaseAtStartIsAClearErrorAndANonZeroExit() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: InletProcess.binaryPath)
        process.arguments = [
            "serve", "--database", "postgres://inlet:secret@127.0.0.1:1/inlet", "--database-timeout", "1", "--port", "0", "--log-level", "critical",
        ]
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus != 0)
        #expect(output.contains("postgres://inlet@127.0.0.1:1/inlet cannot be reached"), "\(output)")
        #expect(!output.contains("secret"))
    }
}
