import Testing

@testable import InletClient

@Suite("Lead imports: chunks of inlet import")
struct ImportChunkerTests {
    private func chunks(_ lines: [String], rows: Int, bytes: Int = 32 << 20) -> [ImportChunker.Chunk] {
        var chunker = ImportChunker(rowsPerChunk: rows, bytesPerChunk: bytes)
        var chunks = lines.enumerated().compactMap { chunker.add(Array($0.element.utf8), number: $0.offset + 1) }
        if let last = chunker.finish() { chunks.append(last) }
        return chunks
    }

    @Test func chunksHoldRowsWithTheirFileLinesAndStableKeys() {
        let lines = ["{\"a\":1}", "", "{\"a\":2}", "  \r", "{\"a\":3}", "{\"a\":4}", "{\"a\":5}"]
        let split = chunks(lines, rows: 2)
        #expect(split.map(\.lines) == [[1, 3], [5, 6], [7]])
        #expect(split.map(\.index) == [0, 1, 2])
        #expect(String(decoding: split[0].body, as: UTF8.self) == "{\"a\":1}\n{\"a\":2}\n")
        // The same file gives the same keys; another content at the same place, another key.
        #expect(chunks(lines, rows: 2).map(\.idempotencyKey) == split.map(\.idempotencyKey))
        #expect(Set(split.map(\.idempotencyKey)).count == 3 && split[0].idempotencyKey.hasPrefix("import-0-"))
        var changed = lines
        changed[0] = "{\"a\":0}"
        #expect(chunks(changed, rows: 2)[0].idempotencyKey != split[0].idempotencyKey)
        #expect(chunks(changed, rows: 2)[1].idempotencyKey == split[1].idempotencyKey)
        // A byte budget splits too; a row longer than it makes a chunk of its own.
        #expect(chunks(lines, rows: 100, bytes: 17).map(\.lines) == [[1, 3], [5, 6], [7]])
        #expect(chunks(["", " "], rows: 2).isEmpty)
    }
}
