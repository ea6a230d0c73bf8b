import HTTPTypes
import Hummingbird
import NIOCore

/// A streamed `application/x-ndjson` answer, read from the store a page at a
/// time: each page is handed to the connection, and taken by it, before the
/// next one is read, so the server holds one page however long the export.
///
/// The first page is read before the answer starts, so that a store that
/// cannot be read is still a 503 with its envelope; a read that fails later
/// cuts the answer short (no final chunk), and the client resumes after the
/// last whole line it got.
struct NDJSONExport<Row: Sendable, Position: Sendable>: Sendable {
    /// Rows read per page.
    var pageSize = 1000
    /// At most `limit` rows after a position (nil: from the start), in the export's order.
    let page: @Sendable (_ after: Position?, _ limit: Int) async throws -> [Row]
    /// Where a row is, for the page after it.
    let position: @Sendable (Row) -> Position
    /// A row as one line.
    let line: @Sendable (Row) throws -> JSONValue

    /// The export of every row after `start`, with `fields` among its headers.
    func response(after start: Position?, headers fields: HTTPFields) async throws -> Response {
        var headers: HTTPFields = [.contentType: "application/x-ndjson", .cacheControl: "no-store"]
        headers.append(contentsOf: fields)
        let first = try await page(start, pageSize)
        return Response(
            status: .ok,
            headers: headers,
            body: ResponseBody { writer in
                var rows = first
                while true {
                    if !rows.isEmpty { try await writer.write(try lines(rows)) }
                    guard rows.count == pageSize, let last = rows.last else { break }
                    rows = try await page(position(last), pageSize)
                }
                try await writer.finish(nil)
            }
        )
    }

    private func lines(_ rows: [Row]) throws -> ByteBuffer {
        var bytes: [UInt8] = []
        for row in rows {
            JSONWriter.write(try line(row), into: &bytes)
            bytes.append(UInt8(ascii: "\n"))
        }
        return ByteBuffer(bytes: bytes)
    }
}
