import _BearingText

/// A problem with a history panel file, located precisely enough to fix it in an editor.
///
/// `line` is the 1-based physical line of the file (quoted fields with embedded newlines
/// count every line they span); `column` is the 1-based field index, `columnName` its header.
/// Errors are plain values so a caller can collect several; the reader stops at the first.
public typealias PanelError = LocatedError<PanelErrorKind>

/// What went wrong in a history panel file (`PanelError.Kind`).
public enum PanelErrorKind: String, LocatedErrorKind, CaseIterable {
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
