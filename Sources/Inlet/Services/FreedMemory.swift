#if canImport(CMalloc)
import CMalloc
#endif

/// Returns the memory malloc holds free to the system.
///
/// A large step of the lead processor allocates tens of megabytes and frees
/// them; glibc keeps the free pages in its arenas, scattered between live
/// blocks, and the next step's allocations do not all land on them, so the
/// process's resident memory creeps up step after step. Trimming after such
/// a step brings it back to what is live.
enum FreedMemory {
    static func release() {
        #if canImport(CMalloc)
        malloc_trim(0)
        #endif
    }
}
