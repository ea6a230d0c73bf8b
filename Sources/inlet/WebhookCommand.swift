import ArgumentParser
import Foundation

struct WebhookCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "webhook",
        abstract: "Manage webhook endpoints, and look at their deliveries.",
        subcommands: [Create.self, List.self, Update.self, RotateSecret.self, Delete.self, Deliveries.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add an endpoint; its signing secret is printed this once.",
            discussion: "Example: inlet webhook create --org acme --event-types milestone.reached,sequence.* https://crm.example.com/hooks"
        )
        @OptionGroup var store: StoreOptions
        @Option var org: String
        @Option(help: "Event type patterns, comma-separated: exact names, prefix.* or *.") var eventTypes: String
        @Option var description: String?
        @Flag(help: "Let the URL name a private, loopback or link-local host.") var allowPrivate = false
        @Argument var url: String

        func run() async throws {
            try await store.withAdministration {
                try await $0.createWebhook(
                    organization: org,
                    url: url,
                    eventTypes: WebhookCommand.patterns(eventTypes),
                    description: description,
                    allowPrivate: allowPrivate
                )
            }
        }
    }

    struct List: AsyncParsableCommand {
        @OptionGroup var store: StoreOptions
        @Option var org: String

        func run() async throws {
            try await store.withAdministration { try await $0.listWebhooks(organization: org) }
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change an endpoint's URL, event types, description, or turn it on or off.")
        @OptionGroup var store: StoreOptions
        @Option var org: String
        @Option var url: String?
        @Option(help: "Event type patterns, comma-separated.") var eventTypes: String?
        @Option var description: String?
        @Flag(inversion: .prefixedNo, help: "Send to the endpoint, or not.") var active: Bool?
        @Flag(help: "Let the URL name a private, loopback or link-local host.") var allowPrivate = false
        @Argument(help: "The endpoint's id (wh_…).") var id: String

        func validate() throws {
            guard url != nil || eventTypes != nil || description != nil || active != nil else {
                throw ValidationError("Give --url, --event-types, --description, --active or --no-active.")
            }
        }

        func run() async throws {
            try await store.withAdministration {
                try await $0.updateWebhook(
                    organization: org,
                    id: id,
                    url: url,
                    eventTypes: eventTypes.map(WebhookCommand.patterns),
                    description: description,
                    active: active,
                    allowPrivate: allowPrivate
                )
            }
        }
    }

    struct RotateSecret: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rotate-secret", abstract: "Replace an endpoint's signing secret.")
        @OptionGroup var store: StoreOptions
        @Option var org: String
        @Argument var id: String

        func run() async throws {
            try await store.withAdministration { try await $0.rotateWebhookSecret(organization: org, id: id) }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete an endpoint and its deliveries.")
        @OptionGroup var store: StoreOptions
        @Option var org: String
        @Argument var id: String

        func run() async throws {
            try await store.withAdministration {
                try await $0.deleteWebhook(organization: org, id: id)
                return nil
            }
        }
    }

    struct Deliveries: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "An endpoint's newest deliveries.")
        @OptionGroup var store: StoreOptions
        @Option var org: String
        @Option(help: "pending, succeeded or failed.") var status: String?
        @Option var limit = 50
        @Argument var id: String

        func run() async throws {
            try await store.withAdministration { try await $0.webhookDeliveries(organization: org, id: id, status: status, limit: limit) }
        }
    }

    static func patterns(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
