import ArgumentParser
import Dispatch
import Foundation
import InletClient
import Synchronization

/// `inlet send`: reads v1 events from standard input, one JSON object per
/// line, and sends them through the client's buffered sender, until the input
/// ends or SIGTERM/SIGINT arrives; then it flushes what it accepted and exits.
/// A line that is not an event, and an event the server refuses, are reported
/// on standard error; the last line of standard output is the number of
/// events accepted from the input.
struct SendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Send NDJSON events from standard input to a running server, batched."
    )

    @OptionGroup var server: ServerOptions
    @Option(help: "Seconds to wait at the end for events to be delivered.") var shutdownTimeout: Int = 30

    func run() async throws {
        let tally = SendTally()
        let client = try server.client { options in
            options.onUndelivered = { undelivered in
                tally.refuse()
                FileHandle.standardError.write(Data("not delivered: \(undelivered.error)\n".utf8))
            }
        }
        let reader = Task.detached { Self.readEvents(into: client, counting: tally) }
        await Self.firstOf(reader, signals: [SIGTERM, SIGINT])
        // From here the client refuses new events; the reader may still wait for input.
        await client.shutdown(timeout: .seconds(shutdownTimeout))
        print(tally.accepted)
        if tally.refused > 0 { throw ExitCode(1) }
    }

    /// Enqueues each line of standard input as an event until the input ends
    /// or the client shuts down, counting those it enqueued.
    private static func readEvents(into client: InletClient, counting tally: SendTally) {
        let decoder = InletClient.decoder
        var number = 0
        while let line = readLine(strippingNewline: true) {
            number += 1
            guard !line.allSatisfy(\.isWhitespace) else { continue }
            guard let event = try? decoder.decode(Event.self, from: Data(line.utf8)) else {
                FileHandle.standardError.write(Data("line \(number): not an event\n".utf8))
                tally.refuse()
                continue
            }
            while true {
                do {
                    try tally.enqueue(event, into: client)
                    break
                } catch let error as InletClientError where error.code == "queue_full" {
                    usleep(1000)
                } catch {
                    return
                }
            }
        }
    }

    /// Returns when `reader` ends or one of `signals` arrives.
    private static func firstOf(_ reader: Task<Void, Never>, signals: [Int32]) async {
        let (arrivals, continuation) = AsyncStream<Void>.makeStream()
        let sources = signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number)
            source.setEventHandler { continuation.yield() }
            source.resume()
            return source
        }
        defer { for source in sources { source.cancel() } }
        Task {
            _ = await reader.value
            continuation.yield()
        }
        var iterator = arrivals.makeAsyncIterator()
        _ = await iterator.next()
    }
}

/// Events `inlet send` enqueued, and the lines and events refused (the
/// input's or the server's). An event is
/// counted under the same lock it is enqueued in, so once the client is shut
/// down the count is exactly what it accepted.
private final class SendTally: Sendable {
    private let counts = Mutex((accepted: 0, refused: 0))

    var accepted: Int { counts.withLock { $0.accepted } }
    var refused: Int { counts.withLock { $0.refused } }

    func enqueue(_ event: Event, into client: InletClient) throws {
        try counts.withLock {
            try client.enqueue(event)
            $0.accepted += 1
        }
    }

    func refuse() {
        counts.withLock { $0.refused += 1 }
    }
}
