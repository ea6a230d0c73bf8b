import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One request of an export: streams the answer's body into the file as it
/// arrives, so that memory holds one chunk whatever the export's size.
final class ExportDownload: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    /// How a request ended.
    enum Outcome {
        /// The server sent the whole export.
        case complete
        /// The answer stopped before its end (the connection or the server was lost): resume after the last line.
        case cut(String)
        /// The server refused the request, with its error message.
        case refused(status: Int, message: String)
    }

    private let file: ExportFile
    private let progress: (Int) -> Void
    private let lock = NSLock()
    private var status = 0
    private var errorBody = Data()
    private var writeError: (any Error)?
    private var continuation: CheckedContinuation<Outcome, Never>?

    init(into file: ExportFile, progress: @escaping (Int) -> Void) {
        self.file = file
        self.progress = progress
    }

    /// Runs `request` to its end.
    func run(_ request: URLRequest) async throws -> Outcome {
        let session = URLSession(configuration: .ephemeral, delegate: self, delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        let outcome = await withCheckedContinuation { continuation in
            lock.withLock { self.continuation = continuation }
            session.dataTask(with: request).resume()
        }
        if let writeError = lock.withLock({ writeError }) { throw writeError }
        return outcome
    }

    func urlSession(
        _ session: URLSession,
        dataTask: URLSessionDataTask,
        didReceive response: URLResponse,
        completionHandler: @escaping (URLSession.ResponseDisposition) -> Void
    ) {
        lock.withLock { status = (response as? HTTPURLResponse)?.statusCode ?? 0 }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        lock.withLock {
            guard status == 200 else {
                errorBody.append(data.prefix(64 << 10))
                return
            }
            do {
                try file.append(data)
            } catch {
                writeError = error
                dataTask.cancel()
            }
        }
        progress(file.lines)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        let outcome: Outcome = lock.withLock {
            if status != 200 && status != 0 {
                let envelope = try? JSONSerialization.jsonObject(with: errorBody) as? [String: Any]
                let message = (envelope?["error"] as? [String: Any])?["message"] as? String ?? String(decoding: errorBody, as: UTF8.self)
                return .refused(status: status, message: message)
            }
            if let error {
                file.dropPartialLine()
                return .cut(error.localizedDescription)
            }
            return .complete
        }
        let continuation = lock.withLock {
            defer { self.continuation = nil }
            return self.continuation
        }
        continuation?.resume(returning: outcome)
    }
}
