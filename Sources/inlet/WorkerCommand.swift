import ArgumentParser

struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Erase people, and list erasures.",
        subcommands: [Erase.self, Erasures.self]
    )

    struct Erase: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Erase a person with everything about them, by id or by an identifier or alias.",
            discussion: "Examples: inlet worker erase --org acme wrk_01J…   inlet worker erase --org acme --kind email --value ana@example.com"
        )
        @OptionGroup var store: StoreOptions
        @Option var org: String
        @Option(help: "An identifier or alias kind: email, externalId (an app's with --app, else the alias), external_id, phone, cookie, social.")
        var kind: String?
        @Option(help: "The identifier's value.") var value: String?
        @Option(help: "The app of an app's externalId (id or slug).") var app: String?
        @Argument(help: "The person's id (wrk_…).") var id: String?

        func validate() throws {
            guard (id != nil) != (kind != nil || value != nil), id != nil || (kind != nil && value != nil) else {
                throw ValidationError("Name the person by id, or by --kind and --value.")
            }
        }

        func run() async throws {
            try await store.withAdministration { try await $0.eraseWorker(organization: org, id: id, kind: kind, value: value, app: app) }
        }
    }

    struct Erasures: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List an organization's erasures: ids, times and counts, no identifiers.")
        @OptionGroup var store: StoreOptions
        @Option var org: String

        func run() async throws {
            try await store.withAdministration { try await $0.listErasures(organization: org) }
        }
    }
}
