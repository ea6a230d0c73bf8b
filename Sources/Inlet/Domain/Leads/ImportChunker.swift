/// Splits an NDJSON file into the chunks `inlet import` sends to
/// `/import/events`, each with an idempotency key derived from its place in
/// the file and its content: running an interrupted import again sends the
/// chunks already stored under the same keys, which are answered from their
/// records and store nothing twice.
public struct ImportChunker: Sendable {
    /// A chunk of rows ready to send.
    public struct Chunk: Sendable, Equatable {
        /// 0-based position of the chunk in the file.
        public var index: Int
        /// The file's line number of each of its rows (the lines that are
        /// not blank), which the answer's rejections count by `index`.
        public var lines: [Int]
        /// The NDJSON body: its rows as in the file, each ended by a newline.
        public var body: [UInt8]

        /// `import-<index>-<first 32 hex digits of the body's SHA-256>`.
        public var idempotencyKey: String {
            "import-\(index)-" + SHA256Hex.digest(body).prefix(32)
        }
    }

    /// Rows per chunk at most.
    public let rowsPerChunk: Int
    /// Body bytes per chunk at most (a single longer row still makes a chunk of its own).
    public let bytesPerChunk: Int
    private var pending: Chunk?
    private var nextIndex = 0

    public init(rowsPerChunk: Int = 1000, bytesPerChunk: Int = 32 << 20) {
        self.rowsPerChunk = max(1, min(rowsPerChunk, LeadImportBody.maximumRows))
        self.bytesPerChunk = bytesPerChunk
    }

    /// Adds line `number` (1-based, without its newline); returns a chunk when one is full.
    public mutating func add(_ line: some Collection<UInt8>, number: Int) -> Chunk? {
        guard line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { return nil }
        var full: Chunk?
        if let chunk = pending, chunk.lines.count >= rowsPerChunk || chunk.body.count + line.count + 1 > bytesPerChunk {
            full = chunk
            pending = nil
        }
        if pending == nil {
            pending = Chunk(index: nextIndex, lines: [], body: [])
            nextIndex += 1
        }
        pending?.lines.append(number)
        pending?.body.append(contentsOf: line)
        pending?.body.append(0x0A)
        return full
    }

    /// The last chunk, if rows are left.
    public mutating func finish() -> Chunk? {
        defer { pending = nil }
        return pending
    }
}
