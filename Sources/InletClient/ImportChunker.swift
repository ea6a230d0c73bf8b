/// Cuts NDJSON rows into import chunks of at most `rowsPerChunk` rows and
/// `bytesPerChunk` bytes. A chunk's idempotency key comes from its position
/// and its bytes, so importing the same rows again, cut the same way, replays
/// the chunks already stored: an interrupted import resumes.
struct ImportChunker: Sendable {
    /// The server's most rows per import request.
    static let maximumRows = 10_000

    /// A chunk of rows ready to send.
    struct Chunk: Sendable, Equatable {
        /// 0-based position of the chunk in the import.
        var index: Int
        /// 0-based position of its first row among all rows.
        var firstRow: Int
        /// The line number of each of its rows (for a file: its lines that are
        /// not blank), which the answer's rejections count by `index`.
        var lines: [Int]
        /// The NDJSON body: its rows as given, each ended by a newline.
        var body: [UInt8]

        /// `import-<index>-<first 32 hex digits of the body's SHA-256>`.
        var idempotencyKey: String {
            "import-\(index)-" + IdempotencyKey.sha256Hex(body).prefix(32)
        }
    }

    /// Rows per chunk at most.
    let rowsPerChunk: Int
    /// Body bytes per chunk at most (a single longer row still makes a chunk of its own).
    let bytesPerChunk: Int
    private var pending: Chunk?
    private var nextIndex = 0
    private var rows = 0

    init(rowsPerChunk: Int = 1000, bytesPerChunk: Int = 32 << 20) {
        self.rowsPerChunk = max(1, min(rowsPerChunk, Self.maximumRows))
        self.bytesPerChunk = bytesPerChunk
    }

    /// Adds line `number` (1-based, without its newline); returns a chunk when one is full.
    mutating func add(_ line: some Collection<UInt8>, number: Int) -> Chunk? {
        guard line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { return nil }
        var full: Chunk?
        if let chunk = pending, chunk.lines.count >= rowsPerChunk || chunk.body.count + line.count + 1 > bytesPerChunk {
            full = chunk
            pending = nil
        }
        if pending == nil {
            pending = Chunk(index: nextIndex, firstRow: rows, lines: [], body: [])
            nextIndex += 1
        }
        rows += 1
        pending?.lines.append(number)
        pending?.body.append(contentsOf: line)
        pending?.body.append(0x0A)
        return full
    }

    /// The last chunk, if rows are left.
    mutating func finish() -> Chunk? {
        defer { pending = nil }
        return pending
    }
}
