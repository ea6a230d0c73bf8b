import { InletError } from "./errors.js";

/**
 * The buffered sender behind `enqueue`: a bounded queue sent in batches when
 * one fills or after the flush interval, a few requests at a time. It counts
 * what was enqueued and settled (delivered or reported), so a flush knows when
 * everything before it is done. Nothing runs while the queue is empty.
 */
export class EventBuffer {
  /**
   * @param {{capacity: number, batchSize: number, flushIntervalMs: number, concurrentBatches: number,
   *   send: (events: object[], signal: AbortSignal) => Promise<void>}} options
   */
  constructor({ capacity, batchSize, flushIntervalMs, concurrentBatches, send }) {
    Object.assign(this, { capacity, batchSize, flushIntervalMs, concurrentBatches, send });
    this.queue = [];
    this.enqueued = 0;
    this.taken = 0;
    this.settled = 0;
    this.flushTarget = 0;
    this.inFlight = new Set();
    this.timer = null;
    this.timerFired = false;
    this.closed = false;
    this.waiters = [];
  }

  add(event) {
    if (this.closed) throw new InletError({ code: "shut_down", message: "The client was shut down.", retryable: false });
    if (this.queue.length >= this.capacity) {
      throw new InletError({ code: "queue_full", message: `The send queue holds ${this.capacity} events; flush or retry later.`, retryable: true });
    }
    this.queue.push(event);
    this.enqueued += 1;
    this.pump();
  }

  /** Resolves once every event enqueued so far is settled. */
  flush() {
    this.flushTarget = this.enqueued;
    this.pump();
    return this.settledUpTo(this.enqueued);
  }

  settledUpTo(target) {
    if (this.settled >= target) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ target, resolve }));
  }

  /** Refuses new events, sends the rest; after `timeoutMs`, aborts and returns what was not sent. */
  async close(timeoutMs) {
    this.closed = true;
    const target = this.enqueued;
    let timeout;
    const finished = await Promise.race([
      this.flush().then(() => true),
      new Promise((resolve) => (timeout = setTimeout(() => resolve(false), timeoutMs))),
    ]);
    clearTimeout(timeout);
    if (finished) return [];
    const rest = this.queue.splice(0);
    this.taken += rest.length;
    for (const request of this.inFlight) request.abort();
    this.settle(rest.length);
    await this.settledUpTo(target);
    return rest;
  }

  pump() {
    while (this.inFlight.size < this.concurrentBatches && this.queue.length > 0) {
      const force = this.flushTarget > this.taken || this.closed || this.timerFired;
      if (this.queue.length < this.batchSize && !force) break;
      const batch = this.queue.splice(0, this.batchSize);
      this.taken += batch.length;
      const request = new AbortController();
      this.inFlight.add(request);
      this.send(batch, request.signal).finally(() => {
        this.inFlight.delete(request);
        this.settle(batch.length);
        this.pump();
      });
    }
    if (this.queue.length === 0) {
      this.timerFired = false;
      clearTimeout(this.timer);
      this.timer = null;
    } else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.timerFired = true;
        this.pump();
      }, this.flushIntervalMs);
    }
  }

  settle(count) {
    this.settled += count;
    const ready = this.waiters.filter((waiter) => waiter.target <= this.settled);
    this.waiters = this.waiters.filter((waiter) => waiter.target > this.settled);
    for (const waiter of ready) waiter.resolve();
  }
}
