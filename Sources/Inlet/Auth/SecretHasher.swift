import HummingbirdBcrypt
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// Hashes and verifies secrets (app keys, admin tokens); injected so tests can
/// use a cheaper cost.
protocol SecretHasher: Sendable {
    /// A salted hash of `secret`.
    func hash(_ secret: String) async throws -> String
    /// Whether `secret` matches `hash`.
    func verify(_ secret: String, hash: String) async throws -> Bool
}

/// bcrypt with a fixed cost. Each hash takes tens of milliseconds of CPU, so
/// it runs on threads of its own — the cooperative threads that serve requests
/// and live streams are never held by it — at a lower CPU priority (`niceness`,
/// 10 unless told, on Linux), half the cores of them; at most `queueLimit`
/// hashes wait for a thread, and more are refused 503 `overloaded`. A flood of
/// bad credentials so takes the CPU ingest leaves idle, not ingest's.
struct BcryptHasher: SecretHasher {
    /// The cost the product uses; keys are never stored with less.
    static let productionCost: UInt8 = 10

    /// The threads bcrypt runs on, for the life of the process.
    private static let threads: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: max(1, System.coreCount / 2))
        pool.start()
        return pool
    }()

    let cost: UInt8
    private let niceness: Int32
    private let limit: WorkLimit

    init(cost: UInt8 = productionCost, queueLimit: Int = 64, niceness: Int32 = 10) {
        self.cost = cost
        self.niceness = niceness
        limit = WorkLimit(width: max(1, System.coreCount / 2), queueLimit: queueLimit)
    }

    func hash(_ secret: String) async throws -> String {
        try await run { [cost] in Bcrypt.hash(secret, cost: cost) }
    }

    func verify(_ secret: String, hash: String) async throws -> Bool {
        try await run { Bcrypt.verify(secret, hash: hash) }
    }

    private func run<Result: Sendable>(_ work: @escaping @Sendable () -> Result) async throws -> Result {
        try await limit.run {
            try await Self.threads.runIfActive { [niceness] in
                #if os(Linux)
                // The calling thread's nice value: on Linux it is per thread.
                _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceness)
                #endif
                return work()
            }
        }
    }
}
