import BearingPanel
import BearingSimulation

/// A shock as a user writes it on the command line (`--shock`), before it is tied to a
/// scenario's horizon:
///
///     churn x1.5 in 2025-Q2
///     contraction x2 in 2025-Q2..2025-Q3
///     churn x1.5, dark x1.3 in 2025-Q2 segment=Enterprise
///     reach x0.8 segments="Small Agency",Mid-Market
///     churn x2                       (every period of the scenario)
///
/// Grammar (keywords in any case):
///
///     shock   = effect { ["," | "and"] effect } { clause }
///     effect  = kind multiplier
///     kind    = churn | dark | going_dark | contraction | reach | milestone_reach
///     multiplier = ("x" | "×" | "*") number      (a number >= 0; "x 1.5" with a space too)
///     clause  = "in" period [(".." | "...") period]  |  ("segment=" | "segments=") names
///     names   = name { "," name }                 (a name with spaces or commas in "quotes";
///                                                 an unquoted name runs to the next " in ")
///
/// These are exactly the multipliers `Shock` supports (churn, going dark, contraction, milestone
/// reach, by period and optionally by segment). Without `in`, the shock covers every period of
/// the scenario it is added to.
public struct ShockRequest: Sendable, Hashable, Codable {
    public var text: String
    public var churn: Double
    public var goingDark: Double
    public var contraction: Double
    public var milestoneReach: Double
    /// First and last period; nil: every period of the scenario.
    public var from: Period?
    public var to: Period?
    public var segments: [String]?

    enum CodingKeys: String, CodingKey {
        case text, churn
        case goingDark = "going_dark"
        case contraction
        case milestoneReach = "milestone_reach"
        case from, to, segments
    }

    public init(
        text: String = "", churn: Double = 1, goingDark: Double = 1, contraction: Double = 1, milestoneReach: Double = 1,
        from: Period? = nil, to: Period? = nil, segments: [String]? = nil
    ) {
        self.text = text
        self.churn = churn
        self.goingDark = goingDark
        self.contraction = contraction
        self.milestoneReach = milestoneReach
        self.from = from
        self.to = to
        self.segments = segments
    }

    /// Parses one `--shock` text; errors name the text, the column and what was expected.
    public static func parse(_ text: String) throws(ShockTextError) -> ShockRequest {
        var scanner = Scanner(text)
        var request = ShockRequest(text: text)
        var effects = 0
        var seen = Set<String>()
        scanner.skipSpaces()
        while !scanner.atEnd {
            let column = scanner.column
            let word = scanner.peekWord().lowercased()
            if word == "and" && effects > 0 {
                scanner.advance(by: 3)
            } else if word == "in" && effects > 0 {
                guard request.from == nil else { throw scanner.error("at most one `in` clause", found: "a second `in`", at: column) }
                scanner.advance(by: 2)
                scanner.skipSpaces()
                let (from, to) = try scanner.periodRange()
                request.from = from
                request.to = to
            } else if (word.hasPrefix("segment=") || word.hasPrefix("segments=")) && effects > 0 {
                guard request.segments == nil else {
                    throw scanner.error("at most one segment= clause", found: "a second one", at: column)
                }
                scanner.advance(by: word.hasPrefix("segments=") ? 9 : 8)
                request.segments = try scanner.names()
            } else {
                guard let kind = Kind(word) else {
                    let expected =
                        effects == 0
                        ? "an effect: churn, dark, contraction or reach followed by a multiplier like x1.5"
                        : "another effect, `in PERIOD[..PERIOD]` or `segment=NAME`"
                    throw scanner.error(expected, found: word.isEmpty ? scanner.rest : word, at: column)
                }
                guard seen.insert(kind.rawValue).inserted else {
                    throw scanner.error("each effect once", found: "\(word) a second time", at: column)
                }
                scanner.advance(by: word.count)
                scanner.skipSpaces()
                let value = try scanner.multiplier(after: word)
                switch kind {
                case .churn: request.churn = value
                case .dark: request.goingDark = value
                case .contraction: request.contraction = value
                case .reach: request.milestoneReach = value
                }
                effects += 1
            }
            scanner.skipSpaces()
            if scanner.peek == "," {
                scanner.advance(by: 1)
                scanner.skipSpaces()
            }
        }
        guard effects > 0 else {
            throw ShockTextError(text: text, column: 1, expected: "an effect like `churn x1.5 in 2025-Q2`", found: "nothing")
        }
        return request
    }

    /// The engine's shocks for `scenario`: one per period of the request's range (every period
    /// of the horizon without one). Throws when a period is outside the horizon, of another
    /// granularity, or a segment is not the scenario's.
    public func shocks(for scenario: Scenario) throws(ShockTextError) -> [Shock] {
        let horizon = scenario.periods
        let last = horizon.start.advanced(by: horizon.count - 1)
        let range = "\(horizon.start.label)...\(last.label)"
        let first = from ?? horizon.start
        let end = to ?? from ?? last
        for p in [first, end] where horizon.offset(of: p) == nil {
            throw ShockTextError(
                text: text, column: nil,
                expected: "a period in the scenario's horizon \(range)", found: p.label)
        }
        guard first <= end else {
            throw ShockTextError(
                text: text, column: nil, expected: "a range whose first period is not after its last", found: "\(first.label)..\(end.label)")
        }
        let names = Set(scenario.segments.map(\.name))
        for name in segments ?? [] where !names.contains(name) {
            throw ShockTextError(
                text: text, column: nil,
                expected: "one of the scenario's segments (\(scenario.segments.map(\.name).joined(separator: ", ")))", found: "'\(name)'")
        }
        return (0...Int(end.ordinal - first.ordinal)).map { k in
            Shock(
                period: first.advanced(by: k), churn: churn, goingDark: goingDark, contraction: contraction,
                milestoneReach: milestoneReach, segments: segments)
        }
    }

    enum Kind: String {
        case churn, dark, contraction, reach

        init?(_ word: String) {
            switch word {
            case "churn": self = .churn
            case "dark", "going_dark", "going-dark", "goingdark": self = .dark
            case "contraction", "contractions": self = .contraction
            case "reach", "milestone_reach", "milestone-reach", "milestones": self = .reach
            default: return nil
            }
        }
    }

    /// A cursor over the text's characters; `column` is 1-based.
    struct Scanner {
        let text: String
        let characters: [Character]
        var position = 0

        init(_ text: String) {
            self.text = text
            self.characters = Array(text)
        }

        var atEnd: Bool { position >= characters.count }
        var peek: Character? { atEnd ? nil : characters[position] }
        var column: Int { position + 1 }
        var rest: String { String(characters[min(position, characters.count)...]) }

        mutating func advance(by n: Int) { position = min(characters.count, position + n) }

        mutating func skipSpaces() {
            while let c = peek, c.isWhitespace { position += 1 }
        }

        /// The run of characters up to a space or a comma (an `=` clause keeps its value's start).
        func peekWord() -> String {
            var end = position
            while end < characters.count, !characters[end].isWhitespace, characters[end] != "," { end += 1 }
            // `segment="Small Agency"` and `segment=Small Agency`: the keyword is what matters.
            let word = String(characters[position..<end])
            if let eq = word.firstIndex(of: "=") { return String(word[...eq]) }
            return word
        }

        func error(_ expected: String, found: String, at column: Int? = nil) -> ShockTextError {
            ShockTextError(text: text, column: column ?? self.column, expected: expected, found: found)
        }

        mutating func multiplier(after kind: String) throws(ShockTextError) -> Double {
            let start = column
            guard let c = peek, c == "x" || c == "X" || c == "×" || c == "*" else {
                throw error("a multiplier after `\(kind)`, like x1.5", found: atEnd ? "the end of the text" : "'\(peekWord())'")
            }
            advance(by: 1)
            skipSpaces()
            var end = position
            while end < characters.count,
                characters[end].isNumber || characters[end] == "." || characters[end] == "-"
                    || characters[end] == "e" || characters[end] == "E" || characters[end] == "+"
            {
                end += 1
            }
            let literal = String(characters[position..<end])
            guard let value = Double(literal), value.isFinite, value >= 0 else {
                var shown = literal
                var k = end
                while k < characters.count, !characters[k].isWhitespace { shown.append(characters[k]); k += 1 }
                throw error("a multiplier >= 0 like x1.5", found: "'x\(shown)'", at: start)
            }
            position = end
            if peek == ",", end + 1 < characters.count, characters[end + 1].isNumber {
                throw error("a multiplier with a decimal point like x1.5", found: "'x\(literal),\(characters[end + 1])…'", at: start)
            }
            if let c = peek, !c.isWhitespace, c != "," {
                throw error("a space after the multiplier", found: "'\(peekWord())'", at: column)
            }
            return value
        }

        mutating func period() throws(ShockTextError) -> Period {
            let start = column
            var end = position
            while end < characters.count, !characters[end].isWhitespace, characters[end] != "." { end += 1 }
            let label = String(characters[position..<end])
            guard let p = Period(label: label) else {
                throw error("a period like 2025-Q2 or 2025-06", found: label.isEmpty ? "nothing" : "'\(label)'", at: start)
            }
            position = end
            return p
        }

        mutating func periodRange() throws(ShockTextError) -> (Period, Period) {
            let first = try period()
            var dots = 0
            while peek == "." { dots += 1; advance(by: 1) }
            guard dots > 0 else { return (first, first) }
            guard dots == 2 || dots == 3 else {
                throw error("`..` between two periods", found: String(repeating: ".", count: dots))
            }
            let second = try period()
            guard second.granularity == first.granularity else {
                throw error("two periods of the same granularity", found: "\(first.label)..\(second.label)")
            }
            guard first <= second else {
                throw error("a range whose first period is not after its last", found: "\(first.label)..\(second.label)")
            }
            return (first, second)
        }

        /// Comma-separated names, quoted or running to the next ` in `.
        mutating func names() throws(ShockTextError) -> [String] {
            var result: [String] = []
            while true {
                skipSpaces()
                let start = column
                var name = ""
                if peek == "\"" {
                    advance(by: 1)
                    while let c = peek, c != "\"" { name.append(c); advance(by: 1) }
                    guard peek == "\"" else { throw error("a closing quote", found: "the end of the text", at: start) }
                    advance(by: 1)
                } else {
                    while let c = peek, c != "," {
                        if c.isWhitespace && lookingAtIn() { break }
                        name.append(c)
                        advance(by: 1)
                    }
                    name = name.trimmingTrailingSpaces()
                }
                guard !name.isEmpty else { throw error("a segment name", found: atEnd ? "the end of the text" : "'\(rest)'", at: start) }
                result.append(name)
                skipSpaces()
                if peek == "," {
                    advance(by: 1)
                    continue
                }
                return result
            }
        }

        /// Whether the text continues with ` in ` (a space, `in`, a space).
        func lookingAtIn() -> Bool {
            var k = position
            while k < characters.count, characters[k].isWhitespace { k += 1 }
            guard k + 2 < characters.count, characters[k].lowercased() == "i", characters[k + 1].lowercased() == "n" else { return false }
            return characters[k + 2].isWhitespace
        }
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var s = self
        while let last = s.last, last.isWhitespace { s.removeLast() }
        return s
    }
}
