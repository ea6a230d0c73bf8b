import Foundation

/// The NDJSON file an export writes: whole lines only, appended as they
/// arrive. Opening a file an earlier run left behind drops a last line that
/// was cut mid-way and finds the id on the last whole one, after which the
/// export resumes.
final class ExportFile {
    private let handle: FileHandle
    /// Lines in the file.
    private(set) var lines = 0
    /// The `id` of the last whole line; nil for an empty file.
    private(set) var lastID: String?
    /// Bytes received after the last newline, held until their line ends.
    private var pending = Data()

    init(path: String) throws {
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else { throw ExportError("Cannot create \(path).") }
        }
        guard let handle = FileHandle(forUpdatingAtPath: path) else { throw ExportError("Cannot open \(path) for writing.") }
        self.handle = handle
        // The file is read once, line by line, to count its lines and find the last whole one.
        var wholeLength: UInt64 = 0
        var last = Data()
        var offset: UInt64 = 0
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            var start = chunk.startIndex
            while let newline = chunk[start...].firstIndex(of: UInt8(ascii: "\n")) {
                last.append(chunk[start..<newline])
                if !last.isEmpty { lastID = try Self.id(of: last, line: lines + 1, in: path) }
                lines += 1
                last.removeAll(keepingCapacity: true)
                start = chunk.index(after: newline)
                wholeLength = offset + UInt64(start - chunk.startIndex)
            }
            last.append(chunk[start...])
            offset += UInt64(chunk.count)
        }
        try handle.truncate(atOffset: wholeLength)
        try handle.seekToEnd()
    }

    /// Appends the whole lines of `data`, holding back what follows the last newline.
    func append(_ data: Data) throws {
        pending.append(data)
        guard let newline = pending.lastIndex(of: UInt8(ascii: "\n")) else { return }
        let whole = pending[...newline]
        try handle.write(contentsOf: whole)
        lines += whole.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
        if let start = whole.dropLast().lastIndex(of: UInt8(ascii: "\n")).map({ whole.index(after: $0) }) ?? whole.indices.first {
            let line = whole[start..<newline]
            if !line.isEmpty { lastID = try Self.id(of: Data(line), line: lines, in: "the export") }
        }
        pending = Data(pending[pending.index(after: newline)...])
    }

    /// Drops what arrived after the last newline: the line a cut answer left unfinished.
    func dropPartialLine() {
        pending.removeAll()
    }

    func close() throws {
        try handle.synchronize()
        try handle.close()
    }

    private static func id(of line: Data, line number: Int, in source: String) throws -> String {
        guard let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any], let id = object["id"] as? String else {
            throw ExportError("Line \(number) of \(source) is not an exported row with an id.")
        }
        return id
    }
}

/// Why an export stopped, said in words.
struct ExportError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
