import Foundation
import Testing

@testable import Inlet

@Suite("Operations routes")
struct OperationsTests {
    @Test(arguments: Backend.all)
    func healthReadinessAndMetrics(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            #expect(try await server.request(.get, "/healthz")["status"] == .string("ok"))
            #expect(try await server.request(.get, "/readyz")["status"] == .string("ready"))
            _ = try await server.postEvents(batch(event(), event(type: "bad type!")))
            let metrics = try await server.request(.get, "/metrics")
            #expect(metrics.status == 200)
            #expect(metrics.header("Content-Type")?.hasPrefix("text/plain") == true)
            #expect(metrics.body.contains(#"inlet_http_requests_total{route="/api/v1/ingest/events",method="POST",status="207"} 1"#))
            #expect(metrics.body.contains(#"inlet_event_rows_total{outcome="accepted",code="none"} 1"#))
            #expect(metrics.body.contains(#"inlet_event_rows_total{outcome="rejected",code="invalid_event"} 1"#))
            #expect(metrics.body.contains("inlet_writer_batch_size_bucket"))
            #expect(metrics.body.contains("inlet_writer_commit_seconds_bucket"))
            #expect(metrics.body.contains("inlet_writer_queue_depth"))
            #expect(!metrics.body.contains(server.appKey) && !metrics.body.contains("alex@acme.com"))
            let lines = metrics.body.split(separator: "\n")
            let typed = Set(lines.filter { $0.hasPrefix("# TYPE ") }.map { $0.split(separator: " ")[2] })
            let helped = Set(lines.filter { $0.hasPrefix("# HELP ") }.map { $0.split(separator: " ")[2] })
            #expect(!typed.isEmpty && typed == helped, "families without HELP: \(typed.subtracting(helped))")
        }
    }

    @Test(arguments: Backend.all)
    func metricsTokenIsRequiredWhenConfigured(backend: Backend) async throws {
        var configuration = try await testConfiguration(backend)
        configuration.metricsToken = "scrape-me"
        try await withLiveServer(configuration) { server in
            let anonymous = try await server.request(.get, "/metrics")
            let scraper = try await server.request(.get, "/metrics", key: "scrape-me")
            #expect(anonymous.status == 401 && scraper.status == 200)
        }
    }

    @Test(arguments: Backend.all)
    func readinessFailsWhileDraining(backend: Backend) async throws {
        let draining = DrainState()
        try await withLiveServer(backend, draining: draining) { server in
            draining.startDraining()
            let readiness = try await server.request(.get, "/readyz")
            #expect(readiness.status == 503)
        }
    }

    @Test(arguments: Backend.all)
    func openAPIDocumentListsEveryRegisteredRoute(backend: Backend) async throws {
        let app = try await buildApplication(configuration: try await testConfiguration(backend))
        let yaml = OpenAPIDocument.yaml
        let lines = yaml.split(separator: "\n").map(String.init)
        #expect(app.routes.routes.count >= 17)
        for route in app.routes.routes {
            let pathLine = try #require(lines.firstIndex(of: "  \(route.path):"), "\(route.path) is missing from openapi.yaml")
            let block = lines[(pathLine + 1)...].prefix { $0.hasPrefix("   ") }
            #expect(block.contains("    \(route.method.lowercased()):"), "\(route.method) \(route.path) is missing from openapi.yaml")
        }
        for code in ErrorCode.allCases {
            #expect(yaml.contains(code.rawValue), "\(code.rawValue) is missing from openapi.yaml")
        }
        try await withLiveServer(backend) { server in
            let served = try await server.request(.get, "/openapi.yaml")
            #expect(served.status == 200 && served.body == yaml)
            #expect(served.body.hasPrefix("openapi: 3.1.0"))
        }
    }

    @Test(arguments: Backend.all)
    func docsPageHasAnAnchorPerErrorCode(backend: Backend) async throws {
        try await withLiveServer(backend) { server in
            let docs = try await server.request(.get, "/docs")
            #expect(docs.status == 200)
            for code in ErrorCode.allCases {
                #expect(docs.body.contains("id=\"\(code.rawValue)\""))
            }
            let error = try await server.request(.get, "/api/v1/ingest/ping")
            let docsURL = try #require(error["error"]?["docsUrl"]?.stringValue)
            #expect(docsURL.hasSuffix("/docs#invalid_key"))
        }
    }
}
