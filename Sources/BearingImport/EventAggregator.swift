@_spi(Scanning) import BearingPanel

/// Reads the events table (`customer_id, date, metric, value`, long form) and aggregates each
/// event straight into the panel row it belongs to (see `MetricCatalog` for windows and
/// aggregations, `RawTablesImporter` for milestones). One pass, no per-event allocation:
/// customers and metrics are looked up from bytes, sums accumulate in file order (so results
/// do not depend on anything but the file).
struct EventAggregator: ExportRowHandler {
    let fileName: String
    let dates: TableDateReader
    let numbers: NumberReader
    let rows: LedgerRows
    var customers: StringInterner
    let ledgerCustomers: Int
    /// 1 when features use the previous period's events, 0 for the same period.
    let lag: Int32
    var headerNames: [String] = []
    var columns: TableColumns?
    /// Column numbers of customer_id, date, metric, value (looked up once, not per event).
    private var at = (customer: 0, date: 0, metric: 0, value: 0)
    var errors: ErrorCollector
    var counts = ConversionCounts()
    var rowsRead = 0

    /// One feature slot per (metric, feature) of the catalogue.
    struct Slot {
        var aggregation: MetricCatalog.Aggregation
        /// Offset of this slot's block in the flat arrays it uses (rank among such slots × rows).
        var sumBase = -1
        var countBase = -1
        var lastBase = -1
    }

    var slots: [Slot] = []
    /// Slots fed by each catalogue metric, by metric name.
    let slotsByMetric: [String: [Int]]
    var sums: [Double] = []
    var eventCounts: [Int32] = []
    var lastDay: [Int32] = []
    var lastValue: [Double] = []

    /// Per metric index (interned from the events): -1 unknown, -2 milestone, else a list id.
    var metricNames = StringInterner()
    var metricKind: [Int32] = []
    var metricSlots: [[Int]] = []
    var metricMilestone: [Int32] = []
    var milestoneNames = StringInterner()
    var unknownMetrics: [String] = []

    /// Per row: the milestone event that sets the row (reached beats not reached, later wins).
    var milestone: [Int32]
    var milestoneReached: [Int8]
    var milestoneDay: [Int32]

    // What happened to the events.
    var eventsUsed = 0
    var unknownCustomerEvents = 0
    var outsideEvents = 0
    var valuelessEvents = 0
    var unknownMetricEvents = 0

    init(
        fileName: String, dates: TableDateReader, numbers: NumberReader, rows: LedgerRows, customers: StringInterner,
        catalog: MetricCatalog?, errorLimit: Int
    ) {
        self.fileName = fileName
        self.dates = dates
        self.numbers = numbers
        self.rows = rows
        self.customers = customers
        ledgerCustomers = customers.count
        lag = catalog?.window == .samePeriod ? 0 : 1
        errors = ErrorCollector(limit: errorLimit, fileName: fileName)
        let n = rows.rowCount
        var bySlot: [String: [Int]] = [:]
        var sumRank = 0
        var countRank = 0
        var lastRank = 0
        for metric in catalog?.metrics ?? [] {
            for feature in metric.features {
                var slot = Slot(aggregation: feature.aggregation)
                switch feature.aggregation {
                case .sum, .mean:
                    slot.sumBase = sumRank * n
                    slot.countBase = countRank * n
                    sumRank += 1
                    countRank += 1
                case .count:
                    slot.countBase = countRank * n
                    countRank += 1
                case .last, .daysSinceLast:
                    slot.lastBase = lastRank * n
                    lastRank += 1
                }
                bySlot[metric.name, default: []].append(slots.count)
                slots.append(slot)
            }
        }
        slotsByMetric = bySlot
        sums = Array(repeating: 0, count: sumRank * n)
        eventCounts = Array(repeating: 0, count: countRank * n)
        lastDay = Array(repeating: Int32.min, count: lastRank * n)
        lastValue = Array(repeating: .nan, count: lastRank * n)
        milestone = Array(repeating: -1, count: n)
        milestoneReached = Array(repeating: -1, count: n)
        milestoneDay = Array(repeating: Int32.min, count: n)
    }

    mutating func header(_ row: ExportRow) throws(ImportFailure) {
        headerNames = try row.headerNames(fileName: fileName)
        errors.names = headerNames
        columns = try TableColumns(
            header: headerNames, required: ["customer_id", "date", "metric", "value"], optional: [],
            fileName: fileName, headerLine: row.line, table: "events table")
        let index = columns?.index ?? [:]
        at = (index["customer_id"] ?? 0, index["date"] ?? 0, index["metric"] ?? 0, index["value"] ?? 0)
    }

    mutating func problem(_ error: ImportError) {
        rowsRead += 1
        errors.add(error)
    }

    /// Kind of metric `m` (interned from the events), resolving it on first sight.
    private mutating func kind(of m: Int32) -> Int32 {
        let i = Int(m)
        if i < metricKind.count { return metricKind[i] }
        let name = metricNames.strings[i]
        if name.hasPrefix("milestone:"), name.count > "milestone:".count {
            var milestoneName = String(name.dropFirst("milestone:".count))
            let index = milestoneName.withUTF8 { milestoneNames.intern($0) } ?? -1
            metricKind.append(-2)
            metricMilestone.append(index)
            metricSlots.append([])
        } else if let list = slotsByMetric[name] {
            metricKind.append(Int32(metricSlots.count))
            metricSlots.append(list)
            metricMilestone.append(-1)
        } else {
            unknownMetrics.append(name)
            metricKind.append(-1)
            metricSlots.append([])
            metricMilestone.append(-1)
        }
        return metricKind[i]
    }

    mutating func row(_ row: ExportRow) {
        rowsRead += 1
        let (cc, dc, mc, vc) = at
        let id = Cells.trim(row.cell(cc))
        let metricCell = Cells.trim(row.cell(mc))
        let dateCell = Cells.trim(row.cell(dc))
        let valueCell = Cells.trim(row.cell(vc))
        var bad = false
        guard let date = dates.read(dateCell) else {
            errors.cell(dateCell.isEmpty ? .emptyCell : .invalidPeriod, row, dc, expected: dates.expected, found: dateCell)
            return
        }
        if id.isEmpty {
            bad = true
            errors.cell(.emptyCell, row, cc, expected: "a customer id", found: id)
        }
        if metricCell.isEmpty {
            bad = true
            errors.cell(.emptyCell, row, mc, expected: "a metric name", found: metricCell)
        }
        guard !bad else { return }
        guard let m = metricNames.intern(metricCell) else {
            errors.cell(.invalidUTF8, row, mc, expected: "UTF-8 text", found: metricCell)
            return
        }
        let kind = kind(of: m)
        // The value: a number, a boolean, or nothing (fine for counts and milestones).
        var value = Double.nan
        if !valueCell.isEmpty, !Cells.isMissingToken(valueCell) {
            var flags = NumberReader.Flags()
            if let v = numbers.double(valueCell, flags: &flags) {
                value = v
                counts.count(flags)
            } else {
                var mapped = false
                guard let flag = Cells.flag(valueCell, mapped: &mapped) else {
                    errors.cell(.invalidNumber, row, vc, expected: "a number, a boolean or an empty cell", found: valueCell)
                    return
                }
                value = flag ? 1 : 0
                counts.booleansMapped += 1
            }
        }
        if kind == -1 {
            unknownMetricEvents += 1
            return
        }
        guard let c = customers.intern(id) else {
            errors.cell(.invalidUTF8, row, cc, expected: "UTF-8 text", found: id)
            return
        }
        guard Int(c) < ledgerCustomers else {
            unknownCustomerEvents += 1
            return
        }
        if kind == -2 {
            // Milestones describe the row's own period.
            guard let r = rows.row(customer: Int(c), ordinal: date.period.ordinal) else {
                outsideEvents += 1
                return
            }
            guard value.isNaN || value == 0 || value == 1 else {
                errors.cell(.invalidFlag, row, vc, expected: "1 (reached), 0 (not yet) or empty (reached) for a milestone event", found: valueCell)
                return
            }
            let reached: Int8 = value == 0 ? 0 : 1
            if reached > milestoneReached[r] || (reached == milestoneReached[r] && date.day >= milestoneDay[r]) {
                milestone[r] = metricMilestone[Int(m)]
                milestoneReached[r] = reached
                milestoneDay[r] = date.day
            }
            eventsUsed += 1
            return
        }
        let target = date.period.ordinal + lag
        var r = rows.row(customer: Int(c), ordinal: target)
        var before = false
        if r == nil, let first = rows.firstOrdinal(customer: Int(c)), target < first {
            // Only "days since last" looks back past the first row; it needs the event.
            r = rows.row(customer: Int(c), ordinal: first)
            before = true
        }
        guard let r else {
            outsideEvents += 1
            return
        }
        var used = false
        for s in metricSlots[Int(kind)] {
            let slot = slots[s]
            switch slot.aggregation {
            case .daysSinceLast:
                let i = slot.lastBase + r
                if date.day > lastDay[i] { lastDay[i] = date.day }
                used = true
            case _ where before:
                continue
            case .count:
                eventCounts[slot.countBase + r] += 1
                used = true
            case .sum, .mean:
                guard !value.isNaN else { continue }
                sums[slot.sumBase + r] += value
                eventCounts[slot.countBase + r] += 1
                used = true
            case .last:
                guard !value.isNaN else { continue }
                let i = slot.lastBase + r
                if date.day >= lastDay[i] {
                    lastDay[i] = date.day
                    lastValue[i] = value
                }
                used = true
            }
        }
        if used {
            eventsUsed += 1
        } else if value.isNaN {
            valuelessEvents += 1
        } else {
            outsideEvents += 1
        }
    }
}
