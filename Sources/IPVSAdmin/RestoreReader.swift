/// Splits `-R` input into command lines the way ipvsadm's `config_stream_read` does.
///
/// Words are separated by blanks, tabs and carriage returns; a newline ends a line. Every word
/// equal to `ipvsadm` is dropped. There is no comment syntax (a `#` is an ordinary word). Two
/// quirks are kept: words longer than 4096 bytes are split, and when the input ends inside a run
/// of two or more separators after the last word of an unterminated line, that line is dropped.
enum RestoreReader {
    /// One command line: its 1-based line number and its words (never empty).
    struct Line: Equatable {
        let number: Int
        let words: [String]
    }

    static func lines(_ input: [UInt8]) -> [Line] {
        var result: [Line] = []
        var i = 0
        var line = 1
        let n = input.count
        func isSeparator(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }
        while true {
            var words: [String] = []
            let start = line
            var finished = false
            while !finished {
                guard i < n else {
                    if !words.isEmpty { result.append(Line(number: start, words: words)) }
                    return result
                }
                if isSeparator(input[i]) {
                    // fscanf matched nothing: ipvsadm reads separators one by one.
                    while true {
                        guard i < n else { return result }
                        let c = input[i]
                        i += 1
                        if c == 0x0A {
                            line += 1
                            finished = true
                            break
                        }
                        if c == 0x20 || c == 0x09 || c == 0x0D { continue }
                        i -= 1
                        break
                    }
                    continue
                }
                let wordStart = i
                while i < n, !isSeparator(input[i]), i - wordStart < 4096 { i += 1 }
                let word = String(decoding: input[wordStart..<i], as: UTF8.self)
                if word != "ipvsadm" { words.append(word) }
                if i < n, isSeparator(input[i]) {
                    let tail = input[i]
                    i += 1
                    if tail == 0x0A {
                        line += 1
                        finished = true
                    }
                }
            }
            if !words.isEmpty { result.append(Line(number: start, words: words)) }
        }
    }
}
