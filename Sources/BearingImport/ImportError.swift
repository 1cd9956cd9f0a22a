import BearingPanel
import _BearingText

/// One problem found while importing messy data, located precisely enough to fix it in an
/// editor: file, 1-based physical line, 1-based column number and its header name, what was
/// expected and what was found.
///
/// The importers collect these rather than stopping at the first (see `ImportFailure`).
public typealias ImportError = LocatedError<ImportErrorKind>

/// What went wrong while importing (`ImportError.Kind`), for callers that react differently
/// (tests, exit codes).
public enum ImportErrorKind: String, LocatedErrorKind, CaseIterable {
    /// The file could not be opened or read.
    case io
    /// Zero bytes, or only a byte order mark and blank lines.
    case emptyFile
    /// A header and no data rows.
    case noRows
    /// An option or mapping entry that cannot be used (unknown delimiter, bad date format,
    /// categorical on a non-attribute column, open period of the wrong granularity).
    case invalidOption
    /// A panel column the import needs has no source column.
    case missingColumn
    /// Two source columns match one panel column.
    case ambiguousColumn
    /// A row with more or fewer fields than the header.
    case fieldCount
    case unterminatedQuote
    case malformedQuote
    case invalidUTF8
    /// A required cell is empty or holds a missing-value token (`N/A`, `-`, …).
    case emptyCell
    /// Not a number in any accepted notation.
    case invalidNumber
    /// A negative amount (plain or accounting `(1,200)`) where the contract wants ≥ 0.
    case negativeAmount
    /// Not one of the accepted booleans.
    case invalidFlag
    case invalidFit
    /// Neither a period label nor a date in the expected format.
    case invalidPeriod
    /// A period label of the other granularity.
    case mixedGranularity
    /// A `contract_term_months` that is not a whole number of months 1–1200, or a
    /// `renewal_date` that is not a date.
    case invalidContract
    /// Two rows for the same customer and period.
    case duplicateRow
    /// A row for a period after the one in which the customer churned.
    case rowAfterChurn
    /// A ledger that contradicts itself (a first change to 0 ARR, a re-subscription id
    /// that is already taken).
    case invalidLedger
}

extension ImportError {
    /// The same problem reported by the strict panel checks (duplicate rows, rows after churn).
    init(_ error: PanelError) {
        let kind: Kind =
            switch error.kind {
            case .io: .io
            case .emptyFile: .emptyFile
            case .noRows: .noRows
            case .missingColumn: .missingColumn
            case .duplicateColumn, .unknownColumn, .schemaMismatch: .invalidOption
            case .fieldCount: .fieldCount
            case .unterminatedQuote: .unterminatedQuote
            case .malformedQuote: .malformedQuote
            case .invalidUTF8: .invalidUTF8
            case .emptyCell: .emptyCell
            case .invalidPeriod: .invalidPeriod
            case .mixedGranularity: .mixedGranularity
            case .invalidFit: .invalidFit
            case .invalidAmount: .invalidNumber
            case .invalidFlag: .invalidFlag
            case .invalidFeature: .invalidNumber
            case .invalidContract: .invalidContract
            case .duplicateRow: .duplicateRow
            case .rowAfterChurn: .rowAfterChurn
            }
        self.init(
            kind, file: error.file, line: error.line, column: error.column, columnName: error.columnName,
            expected: error.expected, found: error.found)
    }

    /// A row handed over in memory with `cells` cells where the header has `columns` (the
    /// in-memory importers locate it as in a CSV file).
    static func fieldCount(cells: Int, columns: Int, file: String, line: Int) -> ImportError {
        ImportError(
            .fieldCount, file: file, line: line, column: min(cells, columns) + 1,
            expected: "\(columns) cells as in the header", found: "\(cells)")
    }

    /// "an empty cell" or the quoted cell.
    static func describe(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        bytes.isEmpty ? "an empty cell" : quoted(bytes)
    }
}
