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

    init(limit: Int) {
        self.limit = max(1, limit)
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
}
