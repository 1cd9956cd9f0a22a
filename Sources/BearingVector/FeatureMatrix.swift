import BearingPanel

/// Features of many customers in structure-of-arrays layout: one contiguous `Float` buffer,
/// column j at `storage[j * count ..< (j + 1) * count]`. NaN marks a missing value.
///
/// The kernel reads 16 consecutive customers of one column with a single vector load, so this
/// layout, not rows of structs, is what makes scoring run at memory bandwidth.
public struct FeatureMatrix: Sendable {
    /// Column names, in storage order.
    public let names: [String]
    /// Customers (rows).
    public let count: Int
    public var storage: [Float]

    /// Wraps existing column-major storage; `storage.count` must equal `names.count * count`.
    public init(names: [String], count: Int, storage: [Float]) {
        precondition(storage.count == names.count * count, "storage must hold names.count * count values")
        self.names = names
        self.count = count
        self.storage = storage
    }

    /// Copies equal-length columns into one buffer.
    public init(names: [String], columns: [[Float]]) {
        precondition(names.count == columns.count, "one name per column")
        let count = columns.first?.count ?? 0
        var storage: [Float] = []
        storage.reserveCapacity(count * columns.count)
        for column in columns {
            precondition(column.count == count, "columns must have equal length")
            storage.append(contentsOf: column)
        }
        self.init(names: names, count: count, storage: storage)
    }

    /// The feature columns of `panel` (all of them, in header order), restricted to `rows`
    /// (all rows when nil), in the order given.
    public init(panel: HistoryPanel, rows: [Int32]? = nil) {
        let n = rows?.count ?? panel.rowCount
        // Written once, column by column (filling with NaN first cost a second pass over
        // freshly faulted memory).
        let storage = [Float](unsafeUninitializedCapacity: n * panel.features.count) { buffer, initialized in
            initialized = 0
            guard let base = buffer.baseAddress else { return }
            for (j, column) in panel.features.enumerated() {
                let target = base + j * n
                if let rows {
                    column.values.withUnsafeBufferPointer { values in
                        for (k, r) in rows.enumerated() { (target + k).initialize(to: values[Int(r)]) }
                    }
                } else {
                    column.values.withUnsafeBufferPointer { values in
                        guard let source = values.baseAddress else { return }
                        target.initialize(from: source, count: n)
                    }
                }
            }
            initialized = n * panel.features.count
        }
        self.init(names: panel.features.map(\.name), count: n, storage: storage)
    }

    /// Values of column `j`.
    public func column(_ j: Int) -> ArraySlice<Float> {
        storage[(j * count)..<((j + 1) * count)]
    }

    /// Missing (NaN) cells per column.
    public func missingCounts() -> [Int] {
        names.indices.map { j in column(j).reduce(0) { $0 + ($1.isNaN ? 1 : 0) } }
    }
}
