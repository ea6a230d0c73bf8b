/// An event as scoring sees it.
public struct ScoredEvent: Sendable, Equatable {
    public var eventType: String
    /// Milliseconds since the epoch.
    public var timestamp: Int64
    /// The metadata object, if any.
    public var metadata: JSONValue?

    public init(eventType: String, timestamp: Int64, metadata: JSONValue?) {
        self.eventType = eventType
        self.timestamp = timestamp
        self.metadata = metadata
    }
}
