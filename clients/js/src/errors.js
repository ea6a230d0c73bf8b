/**
 * Why a call failed: the server's error (status, code, message, request id),
 * or no answer at all (`status` null: a connection failure or a timeout).
 */
export class InletError extends Error {
  /**
   * @param {{status?: number|null, code: string, message: string, requestId?: string|null, retryable: boolean, retryAfter?: number|null}} fields
   */
  constructor({ status = null, code, message, requestId = null, retryable, retryAfter = null }) {
    super(message);
    this.name = "InletError";
    /** The HTTP status, when the server answered. */
    this.status = status;
    /** The server's code (`invalid_key`, `rate_limited`, …), or `connection_failed`, `timeout`, `queue_full`, `shut_down`. */
    this.code = code;
    /** The server's `req_…` id of the request, when it answered. */
    this.requestId = requestId;
    /** Whether the same call may succeed if made again. */
    this.retryable = retryable;
    /** Seconds the server asked to wait (`Retry-After`). */
    this.retryAfter = retryAfter;
  }

  /** The error an answer carries: its JSON envelope, or what can be said without one. */
  static fromResponse(status, headers, body) {
    const envelope = body && typeof body === "object" ? body.error : undefined;
    const code = envelope?.code ?? (status >= 500 ? "internal_error" : `http_${status}`);
    const retryAfter = Number.parseFloat(headers.get("retry-after") ?? "");
    return new InletError({
      status,
      code,
      message: envelope?.message ?? `The server answered ${status}.`,
      requestId: envelope?.requestId ?? headers.get("x-request-id"),
      retryable: status === 429 || status >= 500 || code === "idempotency_in_progress",
      retryAfter: Number.isFinite(retryAfter) ? retryAfter : null,
    });
  }

  static connectionFailed(cause) {
    return new InletError({ code: "connection_failed", message: `No answer: ${cause?.message ?? cause}`, retryable: true });
  }

  static timedOut(ms) {
    return new InletError({ code: "timeout", message: `No answer within ${ms} ms.`, retryable: true });
  }

  static shutDown() {
    return new InletError({ code: "shut_down", message: "The client shut down before the event was delivered.", retryable: false });
  }
}
