import Foundation

#if canImport(CMalloc)
import CMalloc
#endif

/// glibc's malloc gives threads that allocate at once arenas of their own (up
/// to eight per core) and keeps what they free for reuse by the same arena: a
/// server under batch load then holds about twice its heap resident. Two
/// arenas keep it near the heap, at no throughput cost measured on the ingest
/// routes. `MALLOC_ARENA_MAX`, when set, is left to glibc.
enum MallocArenas {
    static func limit() {
        #if canImport(CMalloc)
        if ProcessInfo.processInfo.environment["MALLOC_ARENA_MAX"] == nil { mallopt(M_ARENA_MAX, 2) }
        #endif
    }
}
