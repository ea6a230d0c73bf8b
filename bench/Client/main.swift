import Foundation
import InletClient
import Synchronization

/// The client benchmark, one process per run:
/// - `send <base URL> <key> <seconds>`: enqueues single events through the
///   buffered sender as fast as the queue takes them for that long, shuts down,
///   and prints the events delivered per second, shutdown included;
/// - `memory <events>`: queues that many events for a server that does not
///   answer and prints how much the process's resident memory grew, in MB.
let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "send":
    try await send(baseURL: URL(string: arguments[1])!, key: arguments[2], seconds: Double(arguments[3]) ?? 10)
case "memory":
    try await memory(events: Int(arguments[1]) ?? 100_000)
default:
    print("usage: inlet-bench-client send <base URL> <key> <seconds> | memory <events>")
}

func event(_ n: Int) -> Event {
    Event(
        eventType: "ticket.resolved",
        category: "project_management",
        actor: .externalID("person-\(n % 50)"),
        duration: 240,
        metadata: ["ticket_id": .string("SUP-\(n)"), "priority": "high"]
    )
}

func send(baseURL: URL, key: String, seconds: Double) async throws {
    let undelivered = Counter()
    var options = InletClient.Options()
    options.onUndelivered = { _ in undelivered.add() }
    let client = InletClient(apiKey: key, baseURL: baseURL, options: options)
    let start = ContinuousClock.now
    let end = start + .milliseconds(Int64(seconds * 1000))
    var sent = 0
    while ContinuousClock.now < end {
        do {
            try client.enqueue(event(sent))
            sent += 1
        } catch let error as InletClientError where error.code == "queue_full" {
            try await Task.sleep(for: .milliseconds(5))
        }
    }
    await client.shutdown(timeout: .seconds(60))
    let elapsed = (ContinuousClock.now - start).components
    let delivered = sent - undelivered.value
    print(Int(Double(delivered) / (Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18)))
}

func memory(events: Int) async throws {
    var options = InletClient.Options()
    options.queueCapacity = events
    options.retry = RetryPolicy(maxAttempts: 1_000, base: .seconds(10), cap: .seconds(10))
    let before = residentMegabytes()
    let client = InletClient(apiKey: "wp_live_bench", baseURL: URL(string: "http://127.0.0.1:1")!, options: options)
    for n in 0..<events { try client.enqueue(event(n)) }
    print(String(format: "%.1f", residentMegabytes() - before))
}

func residentMegabytes() -> Double {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
    return (Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1024
}

final class Counter: Sendable {
    private let count = Mutex(0)
    func add() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}
