import Foundation
import Inlet

/// Fuzzes the JSON parser and the NDJSON reader, the code that reads every byte
/// the internet sends, for a bounded time: random documents and mutations of
/// the corpus, each checked for the properties in ``Oracle``. Prints what it
/// ran and every document that broke a property, and exits 1 if any did.
///
/// Usage: inlet-fuzz [seconds, default 60] [corpus directory, default fuzz/corpus] [seed]
let arguments = Array(CommandLine.arguments.dropFirst())
let seconds = arguments.first.flatMap(Double.init) ?? 60
let corpusPath = arguments.dropFirst().first ?? "fuzz/corpus"
let seed = arguments.dropFirst(2).first.flatMap(UInt64.init) ?? UInt64.random(in: 1...UInt64.max)

let corpus = try FileManager.default.contentsOfDirectory(atPath: corpusPath).sorted().map { name in
    Array(try Data(contentsOf: URL(fileURLWithPath: corpusPath).appendingPathComponent(name)))
}
guard !corpus.isEmpty else { fatalError("The corpus at \(corpusPath) is empty.") }

var random = SplitMix64(seed: seed)
var oracle = Oracle()
let deadline = Date().addingTimeInterval(seconds)
for document in corpus + Oracle.fixedCases { oracle.check(document) }
while Date() < deadline {
    for _ in 0..<200 {
        let document: [UInt8]
        switch random.next() % 3 {
        case 0:
            var generator = DocumentGenerator(random: &random)
            document = generator.document()
        case 1: document = Mutator.mutate(corpus[Int(random.next() % UInt64(corpus.count))], random: &random)
        default: document = Mutator.splice(corpus, random: &random)
        }
        oracle.check(document)
    }
}
print(oracle.summary(seed: seed, seconds: seconds))
exit(oracle.failures.isEmpty ? 0 : 1)
