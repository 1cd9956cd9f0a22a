/// Per-feature centring and scaling learned from training rows, with missing-value imputation.
///
/// Contract (the same as scikit-learn's `StandardScaler` followed by filling NaN with 0):
/// - `mean` is the mean of the non-missing training values (Double accumulation);
/// - `scale` is their standard deviation with ddof 0 (divide by the count), replaced by 1
///   when it is 0 or when the feature has no non-missing training value (then `mean` is 0);
/// - a standardised value is `Float((Double(x) - mean) / scale)`;
/// - a missing value (NaN) becomes 0 after standardising, i.e. it is imputed to the training mean.
///   `missingCounts` records how many training cells were imputed per feature.
public struct FeatureStandardization: Sendable, Hashable, Codable {
    public var names: [String]
    public var means: [Double]
    public var scales: [Double]
    /// Missing (NaN) cells among the training rows, per feature.
    public var missingCounts: [Int]
    /// Number of training rows the statistics came from.
    public var rowCount: Int

    public init(names: [String], means: [Double], scales: [Double], missingCounts: [Int], rowCount: Int) {
        self.names = names
        self.means = means
        self.scales = scales
        self.missingCounts = missingCounts
        self.rowCount = rowCount
    }

    /// Learns means and scales from `rows` of `columns` (all rows when nil).
    /// Throws on unequal column lengths, an out-of-range row or an infinite value.
    public init(names: [String], columns: [[Float]], rows: [Int32]? = nil) throws(CalibrationError) {
        guard names.count == columns.count else {
            throw .lengthMismatch(what: "feature names", expected: columns.count, found: names.count)
        }
        let n = try Self.checkShape(columns, names: names, rows: rows, outside: "training row")
        var means: [Double] = []
        var scales: [Double] = []
        var missing: [Int] = []
        for (j, column) in columns.enumerated() {
            let m = try column.withUnsafeBufferPointer { col throws(CalibrationError) in
                try Self.moments(col, rows: rows, name: names[j])
            }
            means.append(m.mean)
            scales.append(m.scale)
            missing.append((rows?.count ?? column.count) - m.count)
        }
        self.init(names: names, means: means, scales: scales, missingCounts: missing, rowCount: rows?.count ?? n)
    }

    /// Standardised, imputed design matrix of `rows` of `columns` (all rows when nil), in row order.
    /// Infinite inputs are clamped to the Float range so the matrix stays finite.
    public func apply(to columns: [[Float]], rows: [Int32]? = nil) throws(CalibrationError) -> DesignMatrix {
        guard columns.count == means.count else {
            throw .lengthMismatch(what: "feature columns", expected: means.count, found: columns.count)
        }
        let rowCount = try Self.checkShape(columns, names: names, rows: rows, outside: "row")
        let n = rows?.count ?? rowCount
        var storage = [Float](repeating: 0, count: n * columns.count)
        storage.withUnsafeMutableBufferPointer { out in
            for (j, column) in columns.enumerated() {
                let mean = means[j]
                let scale = scales[j]
                let base = j * n
                column.withUnsafeBufferPointer { col in
                    var clean = true
                    if let rows {
                        for (i, r) in rows.enumerated() {
                            let x = col[Int(r)]
                            let z = Float((Double(x) - mean) / scale)
                            out[base + i] = x.isNaN ? 0 : z
                            clean = clean && (z.isFinite || x.isNaN)
                        }
                    } else {
                        for i in 0..<n {
                            let x = col[i]
                            let z = Float((Double(x) - mean) / scale)
                            out[base + i] = x.isNaN ? 0 : z
                            clean = clean && (z.isFinite || x.isNaN)
                        }
                    }
                    // Rare: an infinite input or an overflow to Float; redo the column carefully.
                    if !clean {
                        for i in 0..<n { out[base + i] = Self.standardise(col[Int(rows?[i] ?? Int32(i))], mean, scale) }
                    }
                }
            }
        }
        return DesignMatrix(uncheckedRowCount: n, columnCount: columns.count, storage: storage)
    }

    /// Learns means and scales from contiguous slices (one per feature), with the contract above.
    init(names: [String], slices: [ArraySlice<Float>]) throws(CalibrationError) {
        var means: [Double] = []
        var scales: [Double] = []
        var missing: [Int] = []
        let n = slices.first?.count ?? 0
        // Four columns at a time (`moments(four:names:)`); a short last group repeats its last
        // column, and the copies' results are dropped.
        var j = 0
        while j < slices.count {
            let take = min(4, slices.count - j)
            let group = (0..<4).map { j + min($0, take - 1) }
            let moments = try Self.moments(four: group.map { slices[$0] }, names: group.map { names[$0] })
            for m in moments.prefix(take) {
                means.append(m.mean)
                scales.append(m.scale)
                missing.append(slices[j].count - m.count)
                j += 1
            }
        }
        self.init(names: names, means: means, scales: scales, missingCounts: missing, rowCount: n)
    }

    /// The common length of `columns` (each named by `names`), after checking that they are
    /// equally long and that every row of `rows` lies within them (`outside` names such a row).
    private static func checkShape(
        _ columns: [[Float]], names: [String], rows: [Int32]?, outside: String
    ) throws(CalibrationError) -> Int {
        let n = columns.first?.count ?? 0
        for (j, c) in columns.enumerated() where c.count != n {
            throw .lengthMismatch(what: "feature '\(names[j])'", expected: n, found: c.count)
        }
        if let rows, let bad = rows.first(where: { $0 < 0 || Int($0) >= n }) {
            throw .invalidOption("\(outside) \(bad) is outside the panel's \(n) rows")
        }
        return n
    }

    /// Non-missing count, mean and scale of `col` at `rows` (every value when nil), with the
    /// contract above; throws when a value of the feature `name` is infinite.
    static func moments(
        _ col: UnsafeBufferPointer<Float>, rows: [Int32]?, name: String
    ) throws(CalibrationError) -> (count: Int, mean: Double, scale: Double) {
        // Plain loops over the buffer (no per-value throwing call) so they vectorise;
        // an infinite value shows up as a non-finite sum and is reported afterwards.
        var count = 0
        var sum = 0.0
        if let rows {
            for r in rows {
                let v = col[Int(r)]
                if !v.isNaN { count += 1; sum += Double(v) }
            }
        } else {
            for v in col where !v.isNaN { count += 1; sum += Double(v) }
        }
        guard sum.isFinite else { throw .nonFiniteValue("a value of feature '\(name)'") }
        let mean = count > 0 ? sum / Double(count) : 0
        // Two-pass variance: the centred sum of squares avoids cancellation.
        var ss = 0.0
        if let rows {
            for r in rows where !col[Int(r)].isNaN { let d = Double(col[Int(r)]) - mean; ss += d * d }
        } else {
            for v in col where !v.isNaN { let d = Double(v) - mean; ss += d * d }
        }
        let sd = count > 0 ? (ss / Double(count)).squareRoot() : 0
        return (count, mean, sd > 0 && sd.isFinite ? sd : 1)
    }

    /// Writes the standardised, imputed values of `slice` to `out[offset...]`.
    func standardise(
        _ slice: ArraySlice<Float>, mean: Double, scale: Double, into out: UnsafeMutableBufferPointer<Float>, at offset: Int
    ) {
        slice.withUnsafeBufferPointer { col in
            var clean = true
            for i in 0..<col.count {
                let x = col[i]
                let z = Float((Double(x) - mean) / scale)
                out[offset + i] = x.isNaN ? 0 : z
                clean = clean && (z.isFinite || x.isNaN)
            }
            if !clean {
                for i in 0..<col.count { out[offset + i] = Self.standardise(col[i], mean, scale) }
            }
        }
    }

    @inline(__always)
    static func standardise(_ x: Float, _ mean: Double, _ scale: Double) -> Float {
        if x.isNaN { return 0 }
        let z = Float((Double(x) - mean) / scale)
        return z.isFinite ? z : (z > 0 ? .greatestFiniteMagnitude : -.greatestFiniteMagnitude)
    }
}
