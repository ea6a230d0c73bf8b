/// An enqueued event that could not be delivered, and why: a row the server
/// rejected (its code and message), or the error that ended its request after
/// the retries.
public struct UndeliveredEvent: Sendable {
    /// The event as enqueued.
    public var event: Event
    /// Why it was not delivered.
    public var error: InletClientError
}

extension InletClient {
    /// Queues an event for the buffered sender, which sends batches of up to
    /// ``Options/batchSize`` events when one fills or after
    /// ``Options/flushInterval``. An event that cannot be delivered reaches
    /// ``Options/onUndelivered``.
    ///
    /// - Throws: ``InletClientError`` `queue_full` when the queue holds
    ///   ``Options/queueCapacity`` events (the event is not queued), or
    ///   `shut_down` after ``shutdown(timeout:)``.
    public func enqueue(_ event: Event) throws {
        let batchSize = max(1, min(options.batchSize, Self.eventsPerRequest))
        try buffer.add(event, batchSize: batchSize) { Task { await runSender(batchSize: batchSize) } }
    }

    /// Returns when every event enqueued before the call is delivered or was
    /// reported undelivered.
    public func flush() async {
        _ = await buffer.waitSettled(buffer.requestFlush())
    }

    /// Stops accepting events, sends what is queued and waits for requests in
    /// flight, for at most `timeout`. Whatever is not delivered by then is
    /// reported to ``Options/onUndelivered`` with code `shut_down`.
    public func shutdown(timeout: Duration = .seconds(10)) async {
        let sender = buffer.close()
        let target = buffer.requestFlush()
        guard await !buffer.waitSettled(target, until: .now + timeout) else { return }
        sender?.cancel()
        let rest = buffer.drain()
        report(rest, .shutDown)
        buffer.settle(rest.count)
        await sender?.value
    }

    private func runSender(batchSize: Int) async {
        await withTaskGroup(of: Void.self) { group in
            var running = 0
            while let batch = await buffer.nextBatch(size: batchSize, interval: options.flushInterval) {
                if running >= max(1, options.concurrentBatches) {
                    await group.next()
                    running -= 1
                }
                group.addTask { await self.deliver(batch) }
                running += 1
            }
        }
    }

    private func deliver(_ batch: [Event]) async {
        do {
            let result = try await ingestEvents(batch, idempotencyKey: nil, sentAt: nil, readingEveryRow: false)
            for row in result.results where row.status == .rejected {
                let error = InletClientError(
                    status: 422,
                    code: row.error?.code ?? "rejected",
                    message: row.error?.message ?? "The row was rejected.",
                    requestID: result.requestIDs.first,
                    retryable: false
                )
                report([batch[row.index]], error)
            }
        } catch let error as InletClientError {
            report(batch, error)
        } catch {
            report(batch, .shutDown)
        }
        buffer.settle(batch.count)
    }

    private func report(_ events: [Event], _ error: InletClientError) {
        guard let handler = options.onUndelivered else { return }
        for event in events { handler(UndeliveredEvent(event: event, error: error)) }
    }
}

extension InletClientError {
    static let shutDown = InletClientError(
        status: nil,
        code: "shut_down",
        message: "The client shut down before the event was delivered.",
        retryable: false
    )
}
