import _BearingText

/// A problem with a history panel file, located precisely enough to fix it in an editor.
///
/// `line` is the 1-based physical line of the file (quoted fields with embedded newlines
/// count every line they span); `column` is the 1-based field index, `columnName` its header.
/// Errors are plain values so a caller can collect several; the reader stops at the first.
public struct PanelError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The file could not be opened, read, written or renamed.
        case io
        /// Zero bytes (or only a byte order mark / blank lines).
        case emptyFile
        /// A header and no data rows.
        case noRows
        case missingColumn
        case duplicateColumn
        /// A header name that is neither a contract column nor `outcome.*`/`experience.*`/`engagement.*`.
        case unknownColumn
        /// A row with more or fewer fields than the header.
        case fieldCount
        /// A quoted field still open at the end of the file.
        case unterminatedQuote
        /// A quote inside an unquoted field, or text after a closing quote.
        case malformedQuote
        case invalidUTF8
        /// A required cell is empty.
        case emptyCell
        case invalidPeriod
        /// A period of the other granularity than the first row's.
        case mixedGranularity
        case invalidFit
        /// ARR, expansion or contraction that is not a finite number >= 0.
        case invalidAmount
        /// `churned` or `milestone_reached` not 0 or 1.
        case invalidFlag
        /// A feature cell that is neither empty nor a finite number.
        case invalidFeature
        /// A `contract_term_months` cell that is not a whole number of months, or a
        /// `renewal_date` cell that is not a `YYYY-MM-DD` date.
        case invalidContract
        /// Two rows for the same customer and period.
        case duplicateRow
        /// A row for a period after the one in which the customer churned.
        case rowAfterChurn
        /// A panel handed to a writer does not have the writer's columns.
        case schemaMismatch
    }

    public var kind: Kind
    /// File name or path as given to the reader or writer.
    public var file: String
    /// 1-based physical line, nil when the problem is not on one line (e.g. empty file).
    public var line: Int?
    /// 1-based field index, nil when the problem is not in one column.
    public var column: Int?
    /// Header name of `column` (or the missing column's name for `.missingColumn`).
    public var columnName: String?
    /// What the contract expects here.
    public var expected: String
    /// What the file holds instead (empty when nothing in particular).
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

    /// `file:line: column 5 (arr): expected a number >= 0, found "-3"`.
    ///
    /// Header names and found values come from the file: they are shown escaped and cut
    /// (`DisplayEscaping`), so NUL or control bytes never reach the terminal and a megabyte
    /// header name stays a short message.
    public var description: String {
        LocatedMessage.text(
            file: file, line: line, column: column, columnName: columnName, nameIsSubject: kind == .missingColumn,
            expected: expected, found: found)
    }

    /// Quotes a cell's text for a message: at most 60 characters, non-printable characters and
    /// bytes that are not UTF-8 escaped (`DisplayEscaping`).
    static func quoted(_ bytes: some Collection<UInt8>) -> String {
        DisplayEscaping.quoted(bytes: bytes, limit: 60)
    }
}
