@_spi(Scanning) import BearingPanel

/// Why an import wrote nothing: the first errors found in one pass over the source (at most
/// `ImportOptions.errorLimit`, in the order found: cells by line and column, then cross-row
/// problems) and how many there were in all.
public struct ImportFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// The errors kept, in the order found.
    public var errors: [ImportError]
    /// All errors found, kept or not (≥ `errors.count`).
    public var totalCount: Int

    public init(errors: [ImportError], totalCount: Int? = nil) {
        self.errors = errors
        self.totalCount = max(totalCount ?? errors.count, errors.count)
    }

    /// A single error.
    public init(_ error: ImportError) {
        self.init(errors: [error])
    }

    /// Errors not kept.
    public var omittedCount: Int { totalCount - errors.count }

    /// One error per line, then `… and 1,234 more errors (1,284 in all)` when some were omitted.
    public var description: String {
        var lines = errors.map(\.description)
        if omittedCount > 0 {
            lines.append("… and \(omittedCount) more error\(omittedCount == 1 ? "" : "s") (\(totalCount) in all)")
        }
        return lines.joined(separator: "\n")
    }
}

/// Keeps the first `limit` errors and counts the rest; building a message is deferred until
/// it is kept, so a file with a million bad cells costs a million increments, not strings.
struct ErrorCollector {
    let limit: Int
    private(set) var errors: [ImportError] = []
    private(set) var count = 0
    /// The source and its header names, for `cell(...)` errors.
    var fileName = ""
    var names: [String] = []

    init(limit: Int, fileName: String = "", names: [String] = []) {
        self.limit = max(1, limit)
        self.fileName = fileName
        self.names = names
    }

    /// A located error about field `column` of `row`.
    mutating func cell(
        _ kind: ImportError.Kind, _ row: ExportRow, _ column: Int, expected: @autoclosure () -> String,
        found cell: UnsafeBufferPointer<UInt8>
    ) {
        count += 1
        guard errors.count < limit else { return }
        errors.append(
            ImportError(
                kind, file: fileName, line: row.line(ofField: column), column: column + 1,
                columnName: column < names.count ? names[column] : nil, expected: expected(),
                found: ImportError.describe(cell)))
    }

    var isEmpty: Bool { count == 0 }

    mutating func add(_ error: @autoclosure () -> ImportError) {
        count += 1
        if errors.count < limit { errors.append(error()) }
    }

    /// Adds errors counted elsewhere: the first ones that fit, and the total.
    mutating func add(_ more: [ImportError], total: Int) {
        for error in more where errors.count < limit { errors.append(error) }
        count += max(total, more.count)
    }

    var failure: ImportFailure { ImportFailure(errors: errors, totalCount: count) }

    /// Moves every located error down by `lines` (a chunk's lines counted from 1 become the
    /// file's).
    mutating func shiftLines(by lines: Int) {
        guard lines != 0 else { return }
        for i in errors.indices { errors[i].line = errors[i].line.map { $0 + lines } }
    }

    /// Adds the errors of `other`, collected over other rows of the same file: both lists are
    /// in file order, so merging them by line keeps the first `limit` of the file in order.
    mutating func merge(_ other: ErrorCollector) {
        var merged: [ImportError] = []
        merged.reserveCapacity(min(limit, errors.count + other.errors.count))
        var a = 0
        var b = 0
        while merged.count < limit, a < errors.count || b < other.errors.count {
            let takeOther =
                a == errors.count
                || (b < other.errors.count && (other.errors[b].line ?? .max) < (errors[a].line ?? .max))
            if takeOther {
                merged.append(other.errors[b])
                b += 1
            } else {
                merged.append(errors[a])
                a += 1
            }
        }
        errors = merged
        count += other.count
    }
}
