/// A `--shock` text that cannot be read, or that does not fit the scenario it is added to.
///
/// `description`: `--shock "churn x1,5 in 2025-Q2": column 7: expected a multiplier with a
/// decimal point like x1.5, found 'x1,5…'`.
public struct ShockTextError: Error, Sendable, Hashable, CustomStringConvertible {
    public var text: String
    /// 1-based character position in `text`; nil when the problem is not at one place (a
    /// period outside the horizon, an unknown segment).
    public var column: Int?
    public var expected: String
    public var found: String

    public init(text: String, column: Int?, expected: String, found: String) {
        self.text = text
        self.column = column
        self.expected = expected
        self.found = found
    }

    public var description: String {
        var s = "--shock \"\(text)\": "
        if let column { s += "column \(column): " }
        return s + "expected \(expected), found \(found)"
    }
}
