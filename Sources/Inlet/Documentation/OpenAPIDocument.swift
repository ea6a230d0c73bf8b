import Foundation

/// The OpenAPI 3.1 document of every route, served at `/openapi.yaml`: the single
/// source of truth for the wire contract, kept as the package resource
/// `Resources/openapi.yaml`. A test fails when a registered route is missing from it.
enum OpenAPIDocument {
    /// The document's text, read once from the package's resources.
    static let yaml: String = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"), let text = try? String(contentsOf: url, encoding: .utf8)
        else { preconditionFailure("The package resource openapi.yaml is missing from the build.") }
        return text
    }()
}
