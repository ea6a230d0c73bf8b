/// An event as scoring sees it.
struct ScoredEvent: Sendable, Equatable {
    var eventType: String
    /// Milliseconds since the epoch.
    var timestamp: Int64
    /// The metadata object, if any.
    var metadata: JSONValue?
}
