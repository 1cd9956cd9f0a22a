@_spi(Scanning) import BearingPanel

/// The contract cells of one export row, converted (amounts, period, fit, flags, contract
/// cells), its text cells checked for UTF-8 but not yet interned. The text cells point into
/// the row's own bytes: a `ConvertedRow` is valid only while its `ExportRow` is (the handler
/// call that received it), which is all the committer needs, since rows are converted and
/// committed one at a time.
struct ConvertedRow {
    var arr = 0.0
    var expansion = 0.0
    var contraction = 0.0
    var period: Period
    var fit = Fit.good
    /// Nil for an unknown outcome (an empty churned cell).
    var churned: Bool?
    /// 1, 0, or -1 when unknown.
    var reached: Int8 = -1
    var term: Int32 = -1
    var renewal = ContractColumns.noDate
    var line: Int
    /// Nil when the export has no segment column.
    var segment: UnsafeBufferPointer<UInt8>?
    /// Nil for a missing cell (or no column).
    var csm: UnsafeBufferPointer<UInt8>?
    var milestone: UnsafeBufferPointer<UInt8>?
    var customer: UnsafeBufferPointer<UInt8>

    init(period: Period, line: Int, customer: UnsafeBufferPointer<UInt8>) {
        self.period = period
        self.line = line
        self.customer = customer
    }
}
