import ArgumentParser
import Foundation
import InletClient

/// The running server a client subcommand talks to, and the key it uses.
struct ServerOptions: ParsableArguments {
    @Option(help: "The server's base URL.") var url: String = "http://127.0.0.1:8080"
    @Option(help: "An app key (INLET_KEY).") var key: String?

    /// The server's base URL and the key, checked.
    func endpoint() throws -> (url: URL, key: String) {
        guard let key = key ?? ProcessInfo.processInfo.environment["INLET_KEY"] else { throw ValidationError("Give --key or INLET_KEY.") }
        guard let base = URL(string: url), ["http", "https"].contains(base.scheme?.lowercased()), base.host?.isEmpty == false else {
            throw ValidationError("--url must be an http or https URL with a host, such as http://127.0.0.1:8080.")
        }
        return (base, key)
    }

    /// A client of the server, retrying up to 10 times.
    func client(configure: (inout InletClient.Options) -> Void = { _ in }) throws -> InletClient {
        let (base, key) = try endpoint()
        var options = InletClient.Options()
        options.retry = RetryPolicy(maxAttempts: 10)
        configure(&options)
        return InletClient(apiKey: key, baseURL: base, options: options)
    }
}
