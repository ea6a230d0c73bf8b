/// Random JSON text: mostly valid documents with the variety clients send —
/// whitespace anywhere it may go, escapes of every kind, astral characters,
/// repeated keys, numbers in every form, nesting past the parser's limit —
/// and now and then a flaw a valid document cannot hold (a raw control
/// character, invalid UTF-8, a lone surrogate escape, a leading zero).
struct DocumentGenerator {
    var random: SplitMix64
    private var output: [UInt8] = []

    init(random: inout SplitMix64) {
        self.random = SplitMix64(seed: random.next())
    }

    mutating func document() -> [UInt8] {
        output = []
        space()
        if random.chance(0.05) {
            nested(depth: 60 + random.below(10))
        } else {
            value(depth: 0)
        }
        space()
        return output
    }

    /// Arrays and objects nested `depth` deep around a scalar.
    private mutating func nested(depth: Int) {
        let opens = (0..<depth).map { _ in random.chance(0.5) }
        for isArray in opens { output += isArray ? Array("[".utf8) : Array(#"{"k":"#.utf8) }
        scalar()
        for isArray in opens.reversed() { output += isArray ? Array("]".utf8) : Array("}".utf8) }
    }

    private mutating func value(depth: Int) {
        switch random.below(depth > 6 ? 4 : 7) {
        case 0: literal()
        case 1, 2: number()
        case 3: string()
        case 4: array(depth: depth + 1)
        default: object(depth: depth + 1)
        }
    }

    private mutating func scalar() {
        switch random.below(3) {
        case 0: literal()
        case 1: number()
        default: string()
        }
    }

    private mutating func array(depth: Int) {
        output.append(UInt8(ascii: "["))
        space()
        let count = random.below(6)
        for index in 0..<count {
            if index > 0 { comma() }
            value(depth: depth)
            space()
        }
        output.append(UInt8(ascii: "]"))
    }

    private mutating func object(depth: Int) {
        output.append(UInt8(ascii: "{"))
        space()
        var keys: [[UInt8]] = []
        for index in 0..<random.below(6) {
            if index > 0 { comma() }
            let start = output.count
            if !keys.isEmpty, random.chance(0.1) { output += keys[random.below(keys.count)] } else { string() }
            keys.append(Array(output[start...]))
            space()
            output.append(UInt8(ascii: ":"))
            space()
            value(depth: depth)
            space()
        }
        output.append(UInt8(ascii: "}"))
    }

    private mutating func comma() {
        output.append(UInt8(ascii: ","))
        space()
    }

    private mutating func space() {
        guard random.chance(0.3) else { return }
        for _ in 0..<(1 + random.below(3)) { output.append([0x20, 0x09, 0x0A, 0x0D][random.below(4)]) }
    }

    private mutating func literal() {
        output += Array(["true", "false", "null"][random.below(3)].utf8)
    }

    private mutating func number() {
        if random.chance(0.02) {
            output += Array(["01", "1.", ".5", "-", "1e", "+1", "0x10", "1e+", "--1", "NaN", "Infinity"][random.below(11)].utf8)
            return
        }
        if random.chance(0.3) { output.append(UInt8(ascii: "-")) }
        output += random.chance(0.3) ? [UInt8(ascii: "0")] : digits(first: true, count: 1 + random.below(random.chance(0.1) ? 25 : 6))
        if random.chance(0.3) { output += [UInt8(ascii: ".")] + digits(first: false, count: 1 + random.below(8)) }
        if random.chance(0.2) {
            output.append(random.chance(0.5) ? UInt8(ascii: "e") : UInt8(ascii: "E"))
            if random.chance(0.6) { output.append(random.chance(0.5) ? UInt8(ascii: "+") : UInt8(ascii: "-")) }
            output += digits(first: false, count: 1 + random.below(3))
        }
    }

    private mutating func digits(first: Bool, count: Int) -> [UInt8] {
        (0..<count).map { index in UInt8(ascii: "0") + UInt8((index == 0 && first) ? 1 + random.below(9) : random.below(10)) }
    }

    private mutating func string() {
        output.append(UInt8(ascii: "\""))
        for _ in 0..<random.below(12) {
            switch random.below(20) {
            case 0: output += Array(#"\"#.utf8) + [Array(#""\/bfnrt"#.utf8)[random.below(8)]]
            case 1: escaped(UInt32(random.below(0x80)))
            case 2: escaped(UInt32(0x80 + random.below(0xD800 - 0x80)))
            case 3:
                let astral = 0x10000 + UInt32(random.below(0x100000))
                if random.chance(0.9) {
                    escaped(0xD800 + ((astral - 0x10000) >> 10))
                    escaped(0xDC00 + ((astral - 0x10000) & 0x3FF))
                } else {
                    escaped(0xD800 + UInt32(random.below(0x800)))  // a lone or reversed surrogate
                }
            case 4: output += Array(String(Character(Unicode.Scalar(0xA0 + UInt32(random.below(0x700)))!)).utf8)
            case 5: output += Array("😀€中\u{301}".utf8)
            case 6 where random.chance(0.05): output.append(UInt8(random.below(0x20)))  // a raw control character
            case 7 where random.chance(0.05): output.append([0xC0, 0xFF, 0x80, 0xED, 0xF5][random.below(5)])  // invalid UTF-8
            default: output.append(UInt8(ascii: "a") + UInt8(random.below(26)))
            }
        }
        output.append(UInt8(ascii: "\""))
    }

    private mutating func escaped(_ unit: UInt32) {
        let hex = String(unit, radix: 16, uppercase: random.chance(0.5))
        output += Array(("\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex).utf8)
    }
}
