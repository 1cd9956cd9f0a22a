@_spi(Scanning) import BearingPanel

/// Where a scan of delimited rows stands between calls of `DelimitedScanner.scanRows`: the line
/// the next row starts on, the header's field count once read (nil before the header), the
/// data rows seen, and the field list and row scratch reused row after row.
///
/// Owns the blocks of `fields` and `scratch`: its owner calls `release()` exactly once.
struct ScanState {
    var line: Int
    var columnCount: Int?
    var dataRows = 0
    var fields = CSVFieldList()
    var scratch = RowScratch()

    init(line: Int = 1, columnCount: Int? = nil) {
        self.line = line
        self.columnCount = columnCount
    }

    func release() {
        fields.release()
        scratch.release()
    }
}
