import Foundation
import HTTPTypes
import Hummingbird
import Mustache

/// The dashboard's templates and static files, read once from the package's
/// resources (`Resources/Dashboard`), and the HTML answers built from them.
/// Every `{{value}}` is HTML-escaped by the template engine; the answers carry
/// a content security policy that runs only the dashboard's own script.
struct DashboardPages: Sendable {
    private let library: MustacheLibrary
    private let script: ByteBuffer
    private let stylesheet: ByteBuffer

    /// The policy of every page: own script and styles only, no frames, forms post here only.
    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    static func load() async throws -> DashboardPages {
        guard let folder = Bundle.module.resourceURL?.appendingPathComponent("Dashboard") else {
            preconditionFailure("The package resource folder Dashboard is missing from the build.")
        }
        let library = try await MustacheLibrary(directory: folder.path)
        let script = try String(contentsOf: folder.appendingPathComponent("dashboard.js"), encoding: .utf8)
        let stylesheet = try String(contentsOf: folder.appendingPathComponent("dashboard.css"), encoding: .utf8)
        return DashboardPages(library: library, script: ByteBuffer(string: script), stylesheet: ByteBuffer(string: stylesheet))
    }

    /// A page rendered from `template` with `values`.
    func page(_ template: String, _ values: [String: Any], status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        guard let html = library.render(values, withTemplate: template) else {
            preconditionFailure("The dashboard template \(template) is missing.")
        }
        var fields = Self.pageHeaders
        fields[.contentType] = "text/html; charset=utf-8"
        fields.append(contentsOf: headers)
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }

    /// The dashboard's script.
    func scriptFile() -> Response { asset(script, type: "text/javascript; charset=utf-8") }

    /// The dashboard's stylesheet.
    func stylesheetFile() -> Response { asset(stylesheet, type: "text/css; charset=utf-8") }

    private func asset(_ body: ByteBuffer, type: String) -> Response {
        var fields = Self.pageHeaders
        fields[.contentType] = type
        fields[.cacheControl] = "no-cache"
        return Response(status: .ok, headers: fields, body: ResponseBody(byteBuffer: body))
    }

    private static let pageHeaders: HTTPFields = [
        .contentSecurityPolicy: contentSecurityPolicy, .xContentTypeOptions: "nosniff", .referrerPolicy: "same-origin",
        .xFrameOptions: "DENY", .cacheControl: "no-store",
    ]
}

extension HTTPField.Name {
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    static let xFrameOptions = HTTPField.Name("X-Frame-Options")!
}
