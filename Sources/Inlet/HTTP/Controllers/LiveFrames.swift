/// The Server-Sent Events text of `GET /api/v1/live`.
enum LiveFrames {
    /// An event: its id, the type `event`, and the timeline event's JSON on
    /// one `data` line (the JSON writer escapes every line break).
    static func event(_ event: TimelineEvent) -> String {
        "id: \(event.event.id)\nevent: event\ndata: \(JSONWriter.string(ReadResponses.timelineEvent(event)))\n\n"
    }

    /// The first bytes of a stream, sent at once so that a client sees it open.
    static let opened = ": live\n\n"
    static let heartbeat = ": heartbeat\n\n"
}
