/// A problem in an input file, located precisely enough to fix it in an editor: file, 1-based
/// physical line, 1-based column and its header name, what was expected and what was found.
///
/// One type for every reader that reports such problems, each with its own vocabulary of
/// kinds: `PanelError` (the strict panel reader) and `ImportError` (the importers) are this
/// type, so they hold, compare and print the same way. Errors are plain values so a caller can
/// collect several.
public struct LocatedError<K: LocatedErrorKind>: Error, Sendable, Hashable, CustomStringConvertible {
    /// The reader's vocabulary of what can go wrong.
    public typealias Kind = K

    /// What went wrong, for callers that react differently (tests, exit codes).
    public var kind: Kind
    /// File name or path as given to the reader or importer.
    public var file: String
    /// 1-based physical line (quoted fields with embedded newlines count every line they
    /// span); nil when the problem is not on one line (e.g. an empty file).
    public var line: Int?
    /// 1-based column number in the source; nil when the problem is not in one column.
    public var column: Int?
    /// Header name of `column` (or the missing column's name for `.missingColumn`).
    public var columnName: String?
    /// What the reader expects here.
    public var expected: String
    /// What the source holds instead (empty when nothing in particular).
    public var found: String

    public init(
        _ kind: Kind, file: String, line: Int? = nil, column: Int? = nil, columnName: String? = nil,
        expected: String, found: String = ""
    ) {
        self.kind = kind
        self.file = file
        self.line = line
        self.column = column
        self.columnName = columnName
        self.expected = expected
        self.found = found
    }

    /// `file:line: column 5 (arr): expected a number >= 0, found "-3"` (`LocatedMessage`).
    public var description: String {
        LocatedMessage.text(
            file: file, line: line, column: column, columnName: columnName, nameIsSubject: kind == .missingColumn,
            expected: expected, found: found)
    }

    /// Quotes a cell's text for a message: at most 60 characters, control characters and
    /// bytes that are not UTF-8 escaped (`DisplayEscaping`).
    package static func quoted(_ bytes: some Collection<UInt8>) -> String {
        DisplayEscaping.quoted(bytes: bytes, limit: 60)
    }
}

/// The kinds of problem one reader reports in a `LocatedError`.
public protocol LocatedErrorKind: Hashable, Sendable {
    /// A column the reader needs is absent: the error's `columnName` names it, and the message
    /// names it itself rather than as "column NAME".
    static var missingColumn: Self { get }
}
