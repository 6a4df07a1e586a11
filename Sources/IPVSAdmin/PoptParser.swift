/// Reads a command line the way libpopt 1.19's `poptGetNextOpt` does for ipvsadm's table (no
/// aliases, no exec, no callbacks), one option at a time, so that the caller can act (and fail)
/// on each before the next is looked at.
///
/// What it reproduces: `--long`, `--long=value`; bundled short options (`-Ln`); a short
/// option's argument attached (`-t1.2.3.4:80`, `-t=…`) or in the next word; an optional
/// argument (`-p`) taken from the next word only when that does not start with `-`; a
/// required one taken even when it does; `--` ending the options; other words kept as leftover
/// arguments (all words after the first one when `POSIXLY_CORRECT` is set).
struct PoptParser {
    /// One step of the parse.
    enum Event: Equatable {
        /// An option, with its argument (nil when none was given).
        case option(AdminOption, argument: String?)
        /// `POPT_ERROR_BADOPT`.
        case unknownOption
        /// `POPT_ERROR_NOARG`.
        case missingArgument
    }

    private let words: [String]
    private let table: [PoptOption]
    private let posixlyCorrect: Bool
    private var next = 1
    private var shortRest: (word: Int, offset: Int)?
    private var restAreArguments = false
    private var leftovers: [String] = []
    private var leftoverIndex = 0

    /// Starts on `words`, whose first element is the program name.
    init(words: [String], table: [PoptOption] = PoptOption.ipvsadm, posixlyCorrect: Bool = false) {
        self.words = words
        self.table = table
        self.posixlyCorrect = posixlyCorrect
    }

    /// The word last consumed (`poptBadOption`): what popt names in its error messages.
    var lastWord: String { next > 0 && next - 1 < words.count ? words[next - 1] : "" }

    /// The next option, or nil at the end (`poptGetNextOpt` returning -1).
    mutating func nextEvent() -> Event? {
        while true {
            if let rest = shortRest {
                shortRest = nil
                return shortOption(word: rest.word, offset: rest.offset)
            }
            guard next < words.count else { return nil }
            let word = words[next]
            next += 1
            let bytes = Array(word.utf8)
            if restAreArguments || bytes.first != UInt8(ascii: "-") || bytes.count == 1 {
                if posixlyCorrect { restAreArguments = true }
                leftovers.append(word)
                continue
            }
            if bytes == [UInt8(ascii: "-"), UInt8(ascii: "-")] {
                restAreArguments = true
                continue
            }
            if bytes[1] == UInt8(ascii: "-") {
                return longOption(bytes: bytes[2...])
            }
            // A single dash: popt first tries it as a long option, but only options marked
            // POPT_ARGFLAG_ONEDASH match that way and ipvsadm has none, so it is short options.
            return shortOption(word: next - 1, offset: 1)
        }
    }

    /// The next leftover argument (`poptGetArg`).
    mutating func nextArgument() -> String? {
        guard leftoverIndex < leftovers.count else { return nil }
        defer { leftoverIndex += 1 }
        return leftovers[leftoverIndex]
    }

    private mutating func longOption(bytes: ArraySlice<UInt8>) -> Event {
        let equals = bytes.firstIndex(of: UInt8(ascii: "="))
        let name = bytes[..<(equals ?? bytes.endIndex)]
        guard let option = table.first(where: { $0.long != nil && $0.longBytes[...] == name }) else {
            return .unknownOption
        }
        let attached = equals.map { String(decoding: bytes[($0 + 1)...], as: UTF8.self) }
        return take(option, attached: attached)
    }

    private mutating func shortOption(word: Int, offset: Int) -> Event {
        let bytes = Array(words[word].utf8)
        // `-n=` leaves an empty bundle behind, which popt reports as an unknown option.
        guard offset < bytes.count else { return .unknownOption }
        let letter = bytes[offset]
        guard let option = table.first(where: { $0.short == letter }) else { return .unknownOption }
        var attached: String?
        var restOffset = offset + 1
        if restOffset < bytes.count {
            // popt skips one '=' after a short option (`-t=addr`, and `-n=L` goes on with L).
            if bytes[restOffset] == UInt8(ascii: "=") { restOffset += 1 }
            if option.argument == .none {
                shortRest = (word, restOffset)
            } else {
                attached = String(decoding: bytes[restOffset...], as: UTF8.self)
            }
        }
        return take(option, attached: attached)
    }

    private mutating func take(_ option: PoptOption, attached: String?) -> Event {
        switch option.argument {
        case .none:
            return .option(option.tag, argument: nil)
        case .required, .optional:
            if let attached { return .option(option.tag, argument: attached) }
            guard next < words.count else {
                return option.argument == .optional ? .option(option.tag, argument: nil) : .missingArgument
            }
            if option.argument == .optional, words[next].utf8.first == UInt8(ascii: "-") {
                return .option(option.tag, argument: nil)
            }
            next += 1
            return .option(option.tag, argument: words[next - 1])
        }
    }
}
