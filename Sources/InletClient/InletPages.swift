/// A listing read page by page as it is iterated: each page's `nextCursor`
/// fetches the next, until the server has no more.
///
/// ```swift
/// for try await event in client.timeline(TimelineQuery(eventType: "ticket.resolved")) { … }
/// ```
public struct InletPages<Element: Decodable & Sendable>: AsyncSequence, Sendable {
    /// Fetches the page after `cursor` (the first page for nil).
    let fetch: @Sendable (_ cursor: String?) async throws -> Page

    /// One page of a listing, as the server sends it.
    struct Page: Decodable, Sendable {
        var items: [Element]
        var nextCursor: String?
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(fetch: fetch)
    }

    /// Iterates the items, fetching a page when the last one is used up.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let fetch: @Sendable (String?) async throws -> Page
        private var items: [Element] = []
        private var position = 0
        private var cursor: String?
        private var finished = false

        init(fetch: @escaping @Sendable (String?) async throws -> Page) {
            self.fetch = fetch
        }

        public mutating func next() async throws -> Element? {
            while position == items.count {
                guard !finished else { return nil }
                let page = try await fetch(cursor)
                items = page.items
                position = 0
                cursor = page.nextCursor
                finished = page.nextCursor == nil
            }
            defer { position += 1 }
            return items[position]
        }
    }
}
