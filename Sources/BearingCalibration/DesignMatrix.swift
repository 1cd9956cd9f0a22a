/// A dense, column-major Float32 matrix of model inputs with no missing values: the layout
/// the Newton kernel streams. Column `j` occupies `storage[j * rowCount ..< (j + 1) * rowCount]`.
///
/// Build one from panel feature columns with `FeatureStandardization.apply(to:rows:)`, which
/// standardises and imputes, or directly from already-clean columns.
public struct DesignMatrix: Sendable, Hashable {
    public let rowCount: Int
    public let columnCount: Int
    /// Column-major values; every entry is finite.
    public let storage: [Float]

    /// Wraps column-major storage. Throws when the size is not `rowCount * columnCount` or a
    /// value is NaN or infinite.
    public init(rowCount: Int, columnCount: Int, storage: [Float]) throws(CalibrationError) {
        guard rowCount >= 0, columnCount >= 0 else {
            throw .invalidOption("a design matrix needs non-negative dimensions, found \(rowCount) x \(columnCount)")
        }
        guard storage.count == rowCount * columnCount else {
            throw .lengthMismatch(what: "design matrix storage", expected: rowCount * columnCount, found: storage.count)
        }
        if let bad = storage.firstIndex(where: { !$0.isFinite }) {
            throw .nonFiniteValue("design matrix entry (row \(bad % max(rowCount, 1)), column \(bad / max(rowCount, 1)))")
        }
        self.rowCount = rowCount
        self.columnCount = columnCount
        self.storage = storage
    }

    /// Concatenates equally long, finite columns.
    public init(columns: [[Float]]) throws(CalibrationError) {
        let n = columns.first?.count ?? 0
        for (j, column) in columns.enumerated() where column.count != n {
            throw .lengthMismatch(what: "column \(j)", expected: n, found: column.count)
        }
        var storage: [Float] = []
        storage.reserveCapacity(n * columns.count)
        for column in columns { storage.append(contentsOf: column) }
        try self.init(rowCount: n, columnCount: columns.count, storage: storage)
    }

    /// Storage already checked by the caller (standardisation produces finite values).
    init(uncheckedRowCount rowCount: Int, columnCount: Int, storage: [Float]) {
        self.rowCount = rowCount
        self.columnCount = columnCount
        self.storage = storage
    }

    /// Column `j`.
    public func column(_ j: Int) -> ArraySlice<Float> {
        storage[(j * rowCount)..<((j + 1) * rowCount)]
    }

    /// Entry at `row`, `column`.
    public subscript(row: Int, column: Int) -> Float {
        storage[column * rowCount + row]
    }
}
