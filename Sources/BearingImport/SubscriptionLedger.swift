@_spi(Scanning) import BearingPanel

/// The subscriptions ledger as read: one entry per subscription change, `customer_id, date,
/// arr` (the ARR in force from that date; 0 = cancelled) and optional `segment`, `fit`,
/// `csm_id`. Cells are converted like export cells; bad rows are reported and skipped.
struct SubscriptionLedger: ExportRowHandler {
    let fileName: String
    let dates: TableDateReader
    let numbers: NumberReader
    let decimalMark: UInt8
    var headerNames: [String] = []
    var columns: TableColumns?
    /// Column numbers (-1 when absent), looked up once, not per row.
    private var at = (customer: 0, date: 0, arr: 0, segment: -1, fit: -1, csm: -1)
    var errors: ErrorCollector
    var counts = ConversionCounts()
    var rowsRead = 0

    var customers = StringInterner(capacity: 4096)
    var segments = StringInterner()
    var csms = StringInterner()

    // One entry per good row, in file order.
    var customer: [Int32] = []
    var day: [Int32] = []
    var period: [Int32] = []
    var arr: [Double] = []
    /// Segment index, or -1 when empty or absent.
    var segment: [Int32] = []
    /// `Fit.rawValue`, or -1 when empty or absent.
    var fit: [Int8] = []
    /// CSM index, or -1 when empty or absent.
    var csm: [Int32] = []
    var line: [Int32] = []
    /// Most decimals written in an ARR cell (so derived differences can be rounded back to
    /// them); nil once a cell had more than 9 or an exponent.
    var decimals: Int? = 0

    init(fileName: String, dates: TableDateReader, numbers: NumberReader, errorLimit: Int) {
        self.fileName = fileName
        self.dates = dates
        self.numbers = numbers
        decimalMark = numbers.decimalComma ? UInt8(ascii: ",") : UInt8(ascii: ".")
        errors = ErrorCollector(limit: errorLimit, fileName: fileName)
    }

    var hasSegment: Bool { columns?.index["segment"] != nil }
    var hasFit: Bool { columns?.index["fit"] != nil }
    var hasCSM: Bool { columns?.index["csm_id"] != nil }

    mutating func header(_ row: ExportRow) throws(ImportFailure) {
        headerNames = try row.headerNames(fileName: fileName)
        errors.names = headerNames
        columns = try TableColumns(
            header: headerNames, required: ["customer_id", "date", "arr"], optional: ["segment", "fit", "csm_id"],
            fileName: fileName, headerLine: row.line, table: "subscriptions ledger")
        let index = columns?.index ?? [:]
        at = (
            index["customer_id"] ?? 0, index["date"] ?? 0, index["arr"] ?? 0, index["segment"] ?? -1, index["fit"] ?? -1,
            index["csm_id"] ?? -1
        )
    }

    mutating func problem(_ error: ImportError) {
        rowsRead += 1
        errors.add(error)
    }

    mutating func row(_ row: ExportRow) {
        rowsRead += 1
        let (cc, dc, ac, sc, fc, mc) = at
        var bad = false
        let id = Cells.trim(row.cell(cc))
        if id.isEmpty || Cells.isMissingToken(id) {
            bad = true
            errors.cell(.emptyCell, row, cc, expected: "a customer id", found: id)
        }
        let dateCell = Cells.trim(row.cell(dc))
        let date = dates.read(dateCell)
        if date == nil {
            bad = true
            errors.cell(dateCell.isEmpty ? .emptyCell : .invalidPeriod, row, dc, expected: dates.expected, found: dateCell)
        }
        let arrCell = Cells.trim(row.cell(ac))
        var flags = NumberReader.Flags()
        let value = arrCell.isEmpty ? nil : numbers.double(arrCell, flags: &flags)
        if let value, value >= 0 {
            counts.count(flags)
            noteDecimals(arrCell)
        } else {
            bad = true
            let kind: ImportError.Kind = arrCell.isEmpty ? .emptyCell : (value == nil ? .invalidNumber : .negativeAmount)
            errors.cell(kind, row, ac, expected: "the ARR in force from this date, a number >= 0 (0 = cancelled)", found: arrCell)
        }
        var fitValue: Int8 = -1
        if fc >= 0 {
            let cell = Cells.trim(row.cell(fc))
            if !cell.isEmpty, !Cells.isMissingToken(cell) {
                if let f = Cells.fit(cell) {
                    fitValue = Int8(f.rawValue)
                    if !Cells.isLowercase(cell) { counts.fitLabelsLowercased += 1 }
                } else {
                    bad = true
                    errors.cell(.invalidFit, row, fc, expected: "good, stretch, bad or empty", found: cell)
                }
            }
        }
        guard !bad, let date, let value else { return }
        guard let segmentIndex = Self.label(row, sc, in: &segments) else { return utf8(row, sc, Cells.trim(row.cell(sc))) }
        guard let csmIndex = Self.label(row, mc, in: &csms) else { return utf8(row, mc, Cells.trim(row.cell(mc))) }
        guard let c = customers.intern(id) else { return utf8(row, cc, id) }
        customer.append(c)
        day.append(date.day)
        period.append(date.period.ordinal)
        arr.append(value)
        segment.append(segmentIndex)
        fit.append(fitValue)
        csm.append(csmIndex)
        line.append(Int32(truncatingIfNeeded: row.line))
    }

    /// The interned label in an optional text column (`column` -1 when the export has none):
    /// -1 when absent, empty or a missing token; nil when the cell is not UTF-8.
    private static func label(_ row: ExportRow, _ column: Int, in labels: inout StringInterner) -> Int32? {
        guard column >= 0 else { return -1 }
        let cell = Cells.trim(row.cell(column))
        if cell.isEmpty || Cells.isMissingToken(cell) { return -1 }
        return labels.intern(cell)
    }

    private mutating func utf8(_ row: ExportRow, _ column: Int, _ cell: UnsafeBufferPointer<UInt8>) {
        errors.cell(.invalidUTF8, row, column, expected: "UTF-8 text", found: cell)
    }

    /// Digits after the decimal mark of an ARR cell.
    private mutating func noteDecimals(_ cell: UnsafeBufferPointer<UInt8>) {
        guard let current = decimals else { return }
        var i = 0
        while i < cell.count, cell[i] != decimalMark {
            if cell[i] | 0x20 == UInt8(ascii: "e") {
                decimals = nil
                return
            }
            i += 1
        }
        var n = 0
        i += 1
        while i < cell.count {
            let b = cell[i]
            if b &- 48 < 10 {
                n += 1
            } else if b | 0x20 == UInt8(ascii: "e") {
                decimals = nil
                return
            } else {
                break
            }
            i += 1
        }
        decimals = n > 9 ? nil : max(current, n)
    }
}
