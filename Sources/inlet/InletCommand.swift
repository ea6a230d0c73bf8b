import ArgumentParser
import Foundation
import Inlet
import Logging

/// The `inlet` command: `serve`, the admin subcommands over the store, and
/// `import`, `send` and `export`, clients of a running server.
@main
struct InletCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inlet",
        abstract: "A self-hosted ingest server.",
        subcommands: [
            Serve.self, OrgCommand.self, AppCommand.self, KeyCommand.self, UnitCommand.self, StreamCommand.self, RulesetCommand.self,
            WorkerCommand.self, WebhookCommand.self,
            ImportCommand.self, SendCommand.self, ExportCommand.self,
        ],
        defaultSubcommand: Serve.self
    )
}

private func environment(_ name: String) -> String? {
    ProcessInfo.processInfo.environment[name].flatMap { $0.isEmpty ? nil : $0 }
}

struct StoreOptions: ParsableArguments {
    @Option(help: "SQLite file, sqlite:PATH, or postgres://user:password@host:port/database (INLET_DATABASE).")
    var database: String?

    /// The store named by `--database`, `INLET_DATABASE`, or the default file.
    func location() throws(InvalidSetting) -> DatabaseLocation {
        let (source, text) =
            database.map { ("--database", $0) } ?? environment("INLET_DATABASE").map { ("INLET_DATABASE", $0) } ?? ("--database", "inlet.sqlite")
        do {
            return try DatabaseLocation(parsing: text)
        } catch {
            throw InvalidSetting(source: source, problem: (error as? DatabaseLocationError)?.description ?? "\(error)")
        }
    }

    func withAdministration(_ body: @escaping @Sendable (StoreAdministration) async throws -> String?) async throws {
        let location: DatabaseLocation
        do {
            location = try self.location()
        } catch {
            throw ValidationError(error.description)
        }
        if let output = try await StoreAdministration.with(database: location, body) { print(output) }
    }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the server.")

    @OptionGroup var store: StoreOptions
    @Option(help: "Address to listen on (INLET_HOST).") var host: String?
    @Option(help: "Port to listen on (INLET_PORT).") var port: Int?
    @Option(help: "Base URL clients use, for docs links (INLET_PUBLIC_URL).") var publicURL: String?
    @Option(help: "Seconds a key verification is cached (INLET_KEY_CACHE_SECONDS).") var keyCacheSeconds: Int?
    @Option(help: "Seconds idempotency records are kept (INLET_IDEMPOTENCY_RETENTION_SECONDS).") var idempotencyRetentionSeconds: Int?
    @Option(help: "Largest ingest body in bytes (INLET_INGEST_BODY_LIMIT).") var ingestBodyLimit: Int?
    @Option(help: "Largest /import/events body in bytes (INLET_IMPORT_BODY_LIMIT).") var importBodyLimit: Int?
    @Option(help: "Requests waiting for a commit before 503 (INLET_WRITE_QUEUE).") var writeQueue: Int?
    @Option(help: "PostgreSQL connections per instance (INLET_DATABASE_POOL_SIZE).") var databasePoolSize: Int?
    @Option(help: "Seconds a PostgreSQL operation waits for the database before 503 (INLET_DATABASE_TIMEOUT).")
    var databaseTimeout: Double?
    @Option(help: "Seconds a connection may send nothing before it is closed (INLET_IDLE_TIMEOUT).") var idleTimeout: Double?
    @Option(help: "Seconds between deletes of expired idempotency records and of rows past their retention (INLET_RETENTION_INTERVAL).")
    var retentionInterval: Double?
    @Option(help: "Bearer token required on /metrics (INLET_METRICS_TOKEN).") var metricsToken: String?
    @Option(help: "Log level (INLET_LOG_LEVEL).") var logLevel: String?
    @Flag(help: "Let webhook endpoints name private, loopback and link-local hosts (INLET_WEBHOOKS_ALLOW_PRIVATE=true).")
    var webhooksAllowPrivate = false
    @Option(help: "Whether this instance runs the lead processor: on or off (INLET_LEAD_PROCESSING); instances that share PostgreSQL share the work.")
    var leadProcessing: String?
    @Option(
        help:
            "Queued lead events above which requests that queue more wait up to 2 s, so that the lag stays bounded; 0 never waits (INLET_LEAD_BACKLOG_LIMIT)."
    )
    var leadBacklogLimit: Int?

    func run() async throws {
        MallocTuning.apply()
        let configuration: InletConfiguration
        do {
            configuration = try self.configuration()
        } catch let error as InvalidSetting {
            FileHandle.standardError.write(Data("Error: \(error)\n".utf8))
            throw ExitCode.validationFailure
        }
        let baseURL = configuration.baseURL
        try await InletServer.run(configuration: configuration) { firstStart in
            FileHandle.standardOutput.write(Data((firstStart.banner(baseURL: baseURL) + "\n").utf8))
        }
    }

    /// The server's configuration from flags and `INLET_*` variables, each
    /// checked as its ``Setting`` says.
    private func configuration() throws -> InletConfiguration {
        var configuration = InletConfiguration()
        configuration.processesLeads = try Setting.choice("--lead-processing", "INLET_LEAD_PROCESSING", ["on", "off"]).read(leadProcessing) != "off"
        let backlogLimit = try Setting.integer("--lead-backlog-limit", "INLET_LEAD_BACKLOG_LIMIT", atLeast: 0, "events").read(leadBacklogLimit)
        if let backlogLimit { configuration.leadBacklogLimit = backlogLimit > 0 ? backlogLimit : nil }
        configuration.database = try store.location()
        configuration.host =
            try Setting(flag: "--host", variable: "INLET_HOST", expected: "an address to listen on", parse: { $0 }).read(host)
            ?? configuration.host
        configuration.port =
            try Setting(
                flag: "--port",
                variable: "INLET_PORT",
                expected: "a port number from 0 to 65535",
                parse: { Int($0) },
                isValid: { (0...65535).contains($0) }
            ).read(port) ?? configuration.port
        configuration.publicURL = try Setting(
            flag: "--public-url",
            variable: "INLET_PUBLIC_URL",
            expected: "an http:// or https:// URL",
            parse: { URL(string: $0).flatMap { ["http", "https"].contains($0.scheme) && $0.host != nil ? $0.absoluteString : nil } }
        ).read(publicURL)
        configuration.adminToken = environment("INLET_ADMIN_TOKEN")
        configuration.sessionSecret = environment("INLET_SESSION_SECRET")
        configuration.keyCacheSeconds =
            try Setting.integer("--key-cache-seconds", "INLET_KEY_CACHE_SECONDS", atLeast: 0, "seconds").read(keyCacheSeconds)
            ?? configuration.keyCacheSeconds
        configuration.idempotencyRetentionSeconds =
            try Setting.integer("--idempotency-retention-seconds", "INLET_IDEMPOTENCY_RETENTION_SECONDS", atLeast: 600, "seconds")
            .read(idempotencyRetentionSeconds) ?? configuration.idempotencyRetentionSeconds
        configuration.ingestBodyLimit =
            try Setting.integer("--ingest-body-limit", "INLET_INGEST_BODY_LIMIT", atLeast: 1024, "bytes").read(ingestBodyLimit)
            ?? configuration.ingestBodyLimit
        configuration.importBodyLimit =
            try Setting.integer("--import-body-limit", "INLET_IMPORT_BODY_LIMIT", atLeast: 1024, "bytes").read(importBodyLimit)
            ?? configuration.importBodyLimit
        configuration.writeQueueCapacity =
            try Setting.integer("--write-queue", "INLET_WRITE_QUEUE", atLeast: 1, "requests").read(writeQueue) ?? configuration.writeQueueCapacity
        configuration.databasePoolSize =
            try Setting.integer("--database-pool-size", "INLET_DATABASE_POOL_SIZE", atLeast: 1, "connections").read(databasePoolSize)
            ?? configuration.databasePoolSize
        if let seconds = try Setting.seconds("--database-timeout", "INLET_DATABASE_TIMEOUT").read(databaseTimeout) {
            configuration.databaseTimeout = .milliseconds(Int64(seconds * 1000))
        }
        if let seconds = try Setting.seconds("--idle-timeout", "INLET_IDLE_TIMEOUT").read(idleTimeout) {
            configuration.idleTimeout = .milliseconds(Int64(seconds * 1000))
        }
        if let seconds = try Setting.seconds("--retention-interval", "INLET_RETENTION_INTERVAL").read(retentionInterval) {
            configuration.retentionInterval = .milliseconds(Int64(seconds * 1000))
        }
        configuration.metricsToken = try Setting.text("--metrics-token", "INLET_METRICS_TOKEN").read(metricsToken)
        configuration.webhooksAllowPrivate =
            try Setting.choice("--webhooks-allow-private", "INLET_WEBHOOKS_ALLOW_PRIVATE", ["true", "false"])
            .read(webhooksAllowPrivate ? "true" : nil) == "true"
        let levels = Logger.Level.allCases.map(\.rawValue)
        configuration.logLevel =
            try Setting.choice("--log-level", "INLET_LOG_LEVEL", levels).read(logLevel).flatMap(Logger.Level.init(rawValue:)) ?? .info
        return configuration
    }
}

struct OrgCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "org",
        abstract: "Manage organizations.",
        subcommands: [Create.self, List.self, Update.self]
    )

    struct Create: AsyncParsableCommand {
        @OptionGroup var store: StoreOptions
        @Option var name: String
        @Option var slug: String?
        @Option var maxEventsPerMonth: Int?
        @Option var keyRps: Int?
        @Option var orgRps: Int?
        @Option(help: "Days timeline events, snapshot history and dead letters are kept (forever without).") var retentionDays: Int?

        func run() async throws {
            try await store.withAdministration {
                try await $0.createOrganization(
                    name: name,
                    slug: slug,
                    maxEventsPerMonth: maxEventsPerMonth,
                    keyRps: keyRps,
                    orgRps: orgRps,
                    retentionDays: retentionDays
                )
            }
        }
    }

    struct List: AsyncParsableCommand {
        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await store.withAdministration { try await $0.listOrganizations() }
        }
    }

    struct Update: AsyncParsableCommand {
        @OptionGroup var store: StoreOptions
        @Argument(help: "Organization id or slug.") var org: String
        @Option var maxEventsPerMonth: Int?
        @Flag(help: "Remove the monthly cap.") var unlimited = false
        @Option var keyRps: Int?
        @Option var orgRps: Int?
        @Option(help: "Days timeline events, snapshot history and dead letters are kept.") var retentionDays: Int?
        @Flag(help: "Keep everything forever.") var keepForever = false

        func run() async throws {
            try await store.withAdministration {
                try await $0.updateOrganization(
                    org,
                    maxEventsPerMonth: maxEventsPerMonth,
                    unlimited: unlimited,
                    keyRps: keyRps,
                    orgRps: orgRps,
                    retentionDays: retentionDays,
                    keepForever: keepForever
                )
            }
        }
    }
}

struct UnitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "unit", abstract: "Manage org units.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        @OptionGroup var store: StoreOptions
        @Option var org: String
        @Option var name: String

        func run() async throws {
            try await store.withAdministration { try await $0.createUnit(organization: org, name: name) }
        }
    }
}

struct AppCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "app", abstract: "Manage developer apps.", subcommands: [Create.self, Update.self])

    struct Create: AsyncParsableCommand {
        @OptionGroup var store: StoreOptions
        @Option var org: String
        @Option var slug: String
        @Option var name: String?
        @Option(name: .customLong("event-type"), help: "Allowed event type or pattern; repeat.") var eventTypes: [String] = ["*"]

        func run() async throws {
            try await store.withAdministration { try await $0.createApp(organization: org, slug: slug, name: name, eventTypes: eventTypes) }
        }
    }

    struct Update: AsyncParsableCommand {
        @OptionGroup var store: StoreOptions
        @Option var org: String
        @Argument(help: "App id or slug.") var app: String
        @Option(name: .customLong("event-type"), help: "Allowed event type or pattern; repeat.") var eventTypes: [String]

        func run() async throws {
            try await store.withAdministration { try await $0.updateApp(organization: org, app: app, eventTypes: eventTypes) }
        }
    }
}

struct KeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key",
        abstract: "Manage app keys.",
        subcommands: [Create.self, List.self, Revoke.self]
    )

    struct Create: AsyncParsableCommand {
        @OptionGroup var store: StoreOptions
        @Option var org: String
        @Option var app: String
        @Option var unit: String?

        func run() async throws {
            try await store.withAdministration { try await $0.createKey(organization: org, app: app, unit: unit) }
        }
    }

    struct List: AsyncParsableCommand {
        @OptionGroup var store: StoreOptions
        @Option var org: String
        @Option var app: String

        func run() async throws {
            try await store.withAdministration { try await $0.listKeys(organization: org, app: app) }
        }
    }

    struct Revoke: AsyncParsableCommand {
        @OptionGroup var store: StoreOptions
        @Option var org: String
        @Option var app: String
        @Argument var keyID: String

        func run() async throws {
            try await store.withAdministration {
                try await $0.revokeKey(organization: org, app: app, keyID: keyID)
                return nil
            }
        }
    }
}

struct StreamCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stream",
        abstract: "Manage webhook streams.",
        subcommands: [Create.self, List.self, Update.self, RotateKey.self, Delete.self]
    )

    struct Create: AsyncParsableCommand {
        @OptionGroup var store: StoreOptions
        @Option var org: String
        @Option(help: "The flattened field that identifies items when a request names none.") var itemKey: String?
        @Option(help: "Days an item not updated is kept (forever without).") var retentionDays: Int?
        @OptionGroup var signature: SignatureOptions
        @Argument var name: String

        func run() async throws {
            try await store.withAdministration {
                try await $0.createStream(
                    organization: org,
                    name: name,
                    itemKey: itemKey,
                    retentionDays: retentionDays,
                    signatureScheme: signature.signatureScheme,
                    signatureSecret: signature.signatureSecret
                )
            }
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change how long a stream keeps items not updated, or how it checks signatures.")
        @OptionGroup var store: StoreOptions
        @Option var org: String
        @Option(help: "Days an item not updated is kept.") var retentionDays: Int?
        @Flag(help: "Keep items forever.") var keepForever = false
        @OptionGroup var signature: SignatureOptions
        @Flag(help: "Take the stream's key only, no signed requests.") var noSignature = false
        @Argument var stream: String

        func validate() throws {
            guard retentionDays == nil || !keepForever else { throw ValidationError("Give --retention-days or --keep-forever, not both.") }
            guard signature.signatureScheme == nil || !noSignature else {
                throw ValidationError("Give --signature-scheme or --no-signature, not both.")
            }
            guard retentionDays != nil || keepForever || signature.signatureScheme != nil || noSignature else {
                throw ValidationError("Give --retention-days, --keep-forever, --signature-scheme or --no-signature.")
            }
        }

        func run() async throws {
            try await store.withAdministration { administration in
                var answer: String?
                if retentionDays != nil || keepForever {
                    answer = try await administration.setStreamRetention(organization: org, stream: stream, days: retentionDays)
                }
                if signature.signatureScheme != nil || noSignature {
                    answer = try await administration.setStreamSignature(
                        organization: org,
                        stream: stream,
                        scheme: signature.signatureScheme,
                        secret: signature.signatureSecret
                    )
                }
                return answer
            }
        }
    }

    /// How a stream checks signed requests that carry no key.
    struct SignatureOptions: ParsableArguments {
        @Option(help: "standard-webhooks, github or stripe: take requests signed this way without a key.") var signatureScheme: String?
        @Option(help: "The secret the sender signs with (a whsec_ secret for standard-webhooks).") var signatureSecret: String?
    }

    struct List: AsyncParsableCommand {
        @OptionGroup var store: StoreOptions
        @Option var org: String

        func run() async throws {
            try await store.withAdministration { try await $0.listStreams(organization: org) }
        }
    }

    struct RotateKey: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rotate-key", abstract: "Replace a stream's key; the old one stops working.")
        @OptionGroup var store: StoreOptions
        @Option var org: String
        @Argument var stream: String

        func run() async throws {
            try await store.withAdministration { try await $0.rotateStreamKey(organization: org, stream: stream) }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a stream, its items and its key.")
        @OptionGroup var store: StoreOptions
        @Option var org: String
        @Argument var stream: String

        func run() async throws {
            try await store.withAdministration {
                try await $0.deleteStream(organization: org, stream: stream)
                return nil
            }
        }
    }
}

struct RulesetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ruleset",
        abstract: "Manage scoring rulesets (bodies as the admin API takes them).",
        subcommands: [Create.self, List.self, Update.self]
    )

    struct Create: AsyncParsableCommand {
        @OptionGroup var store: StoreOptions
        @Option var org: String
        @Argument(help: #"The ruleset as JSON: {"name", "unit"?, "active"?, "windowDays"?, "rules", "milestones", "sequences"}."#) var json: String

        func run() async throws {
            try await store.withAdministration { try await $0.createRuleset(organization: org, json: json) }
        }
    }

    struct List: AsyncParsableCommand {
        @OptionGroup var store: StoreOptions
        @Option var org: String

        func run() async throws {
            try await store.withAdministration { try await $0.listRulesets(organization: org) }
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: #"Change a ruleset; {"active": false} deactivates it."#)
        @OptionGroup var store: StoreOptions
        @Option var org: String
        @Argument(help: "The ruleset's id or name (activity for the built-in one).") var ruleset: String
        @Argument(help: "The fields to change, as JSON.") var json: String

        func run() async throws {
            try await store.withAdministration { try await $0.updateRuleset(organization: org, ruleset: ruleset, json: json) }
        }
    }
}
