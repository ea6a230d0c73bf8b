/// Mutations of corpus documents, as a coverage-blind fuzzer makes them: bytes
/// flipped, inserted, removed or repeated, JSON tokens dropped in, documents cut
/// short or spliced together, NDJSON lines mixed.
enum Mutator {
    /// Tokens that move a parser between its states.
    private static let tokens: [[UInt8]] =
        [
            "{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "\\ud83d", "\\udc00", "0", "-0", "1e999", "-1e-999", "true", "nul", "\n", "\r\n",
            " ", "\u{0}", "\u{7F}", "é", "😀", "{\"a\":", "[[[[", "]]]]", "9999999999999999999999",
        ].map { Array($0.utf8) } + [[0xFF], [0xC3], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xEF, 0xBB, 0xBF]]

    static func mutate(_ document: [UInt8], random: inout SplitMix64) -> [UInt8] {
        var bytes = document
        for _ in 0..<(1 + random.below(4)) {
            let position = random.below(bytes.count + 1)
            switch random.below(7) {
            case 0 where !bytes.isEmpty: bytes[min(position, bytes.count - 1)] ^= UInt8(1 << random.below(8))
            case 1: bytes.insert(UInt8(truncatingIfNeeded: random.next()), at: position)
            case 2 where !bytes.isEmpty:
                let end = min(bytes.count, position + 1 + random.below(8))
                bytes.removeSubrange(min(position, end)..<end)
            case 3: bytes.insert(contentsOf: tokens[random.below(tokens.count)], at: position)
            case 4 where !bytes.isEmpty:
                let start = random.below(bytes.count)
                let end = min(bytes.count, start + 1 + random.below(32))
                bytes.insert(contentsOf: bytes[start..<end], at: position)
            case 5: bytes = Array(bytes.prefix(position))
            default: bytes.insert(contentsOf: tokens[random.below(tokens.count)], at: position)
            }
        }
        return bytes
    }

    /// The start of one corpus document joined to the end of another, or two
    /// whole documents as NDJSON lines.
    static func splice(_ corpus: [[UInt8]], random: inout SplitMix64) -> [UInt8] {
        let first = corpus[random.below(corpus.count)]
        let second = corpus[random.below(corpus.count)]
        if random.chance(0.5) { return first + [UInt8(ascii: "\n")] + second }
        return Array(first.prefix(random.below(first.count + 1))) + Array(second.suffix(random.below(second.count + 1)))
    }
}
