import Foundation

/// The source of the current time; injected so tests can fix it.
public protocol InletClock: Sendable {
    /// Now, in milliseconds since the Unix epoch.
    func nowMillis() -> Int64
}

/// The wall clock.
public struct SystemClock: InletClock {
    public init() {}

    public func nowMillis() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
    }
}
