import BearingPanel
import Foundation

/// The stages of a raw-tables import, shared by files (`RawTablesImporter`) and rows handed
/// over in memory (`RawTablesRowImporter`): the ledger is read, its rows derived, the events
/// aggregated into them, then the panel assembled through the strict builder.
struct RawTablesBuild {
    let options: RawTablesOptions
    let ledgerName: String
    let eventsName: String
    var errors: ErrorCollector
    var ledger: SubscriptionLedger
    var sources: [ImportRecord.Source] = []
    var rows = LedgerRows()
    var aggregator: EventAggregator
    let dates: TableDateReader
    let numbers: NumberReader

    init(options: RawTablesOptions, ledgerName: String, eventsName: String) throws(ImportFailure) {
        self.options = options
        self.ledgerName = ledgerName
        self.eventsName = eventsName
        dates = TableDateReader(format: options.dateFormat ?? .iso, granularity: options.granularity)
        numbers = NumberReader(decimalComma: options.decimalSeparator == .comma)
        errors = ErrorCollector(limit: options.errorLimit)
        for p in [options.through, options.openPeriod].compactMap({ $0 }) where p.granularity != options.granularity {
            errors.add(
                ImportError(
                    .invalidOption, file: ledgerName, expected: "periods of the \(options.granularity) grain",
                    found: "\(p.label) (a \(p.granularity))"))
        }
        guard errors.isEmpty else { throw errors.failure }
        ledger = SubscriptionLedger(fileName: ledgerName, dates: dates, numbers: numbers, errorLimit: options.errorLimit)
        aggregator = EventAggregator(
            fileName: eventsName, dates: dates, numbers: numbers, rows: LedgerRows(), customers: StringInterner(),
            catalog: options.metrics, errorLimit: options.errorLimit)
    }

    /// The ledger is read: derive the rows and get ready for events.
    mutating func ledgerDone(_ source: ImportRecord.Source) throws(ImportFailure) {
        sources.append(source)
        errors.add(ledger.errors.errors, total: ledger.errors.count)
        guard let ledgerMax = ledger.period.max() else {
            if errors.isEmpty {
                errors.add(
                    ImportError(
                        .noRows, file: ledgerName, expected: "at least one subscription change after the header",
                        found: "only a header"))
            }
            throw errors.failure
        }
        let end = options.through?.ordinal ?? ledgerMax
        var contradictions: [ImportError] = []
        rows = LedgerRows(ledger: ledger, end: end, fileName: ledgerName, errors: &contradictions)
        contradictions.sort { ($0.line ?? 0) < ($1.line ?? 0) }
        errors.add(contradictions, total: contradictions.count)
        aggregator = EventAggregator(
            fileName: eventsName, dates: dates, numbers: numbers, rows: rows, customers: ledger.customers,
            catalog: options.metrics, errorLimit: options.errorLimit)
    }

    /// The events are read.
    mutating func eventsDone(_ source: ImportRecord.Source) {
        sources.append(source)
        errors.add(aggregator.errors.errors, total: aggregator.errors.count)
    }

    /// The panel, through the strict builder, and its record.
    mutating func finish() throws(ImportFailure) -> ImportResult {
        let options = self.options
        let rows = self.rows
        let ledger = self.ledger
        let aggregator = self.aggregator
        var errors = self.errors
        let sources = self.sources
        let subscriptions = (name: ledgerName, events: eventsName)
        // Features in catalogue order, each followed by its trend.
        let catalog = options.metrics ?? MetricCatalog(metrics: [])
        var featureNames: [String] = []
        var columns: [[Float]] = []
        var slot = 0
        for metric in catalog.metrics {
            for feature in metric.features {
                let values = Self.featureValues(aggregator, slot: aggregator.slots[slot], rows: rows, lag: aggregator.lag)
                featureNames.append(feature.group.prefix + (feature.feature ?? metric.name))
                columns.append(values)
                if let trend = feature.trend {
                    featureNames.append(feature.group.prefix + trend)
                    columns.append(Self.trendValues(values, rows: rows))
                }
                slot += 1
            }
        }
        let milestones = Self.milestoneColumns(aggregator, rows: rows, order: options.milestoneOrder)
        let hasMilestones = milestones.name.contains { $0 >= 0 }

        // The strict checks, through the strict builder.
        var builder = PanelBuilder(
            featureNames: featureNames, hasCSM: ledger.hasCSM, hasMilestone: hasMilestones,
            hasMilestoneReached: hasMilestones, granularity: options.granularity, fileName: subscriptions.name,
            periodColumn: ledger.columns?.index["date"] ?? 1, periodColumnName: "date")
        defer { builder.release() }
        builder.reserve(rows: rows.rowCount)
        var customerIndex: [Int32] = []
        customerIndex.reserveCapacity(rows.customerIDs.count)
        var segmentIndex = Array(repeating: Int32(-1), count: rows.segmentNames.count)
        var csmIndex = Array(repeating: Int32(-1), count: ledger.csms.count)
        var milestoneIndex = Array(repeating: Int32(-1), count: milestones.names.count)
        var unknown = 0
        let scratch = UnsafeMutableBufferPointer<Float>.allocate(capacity: max(1, columns.count))
        defer { scratch.deallocate() }
        for r in 0..<rows.rowCount {
            let c = Int(rows.customer[r])
            if c == customerIndex.count {
                var id = rows.customerIDs[c]
                customerIndex.append(id.withUTF8 { builder.internCustomer($0) } ?? -1)
            }
            let s = Int(rows.segment[r])
            if segmentIndex[s] < 0 {
                var name = rows.segmentNames[s]
                segmentIndex[s] = name.withUTF8 { builder.internSegment($0) } ?? -1
            }
            var csm: Int32 = -1
            if rows.csm[r] >= 0 {
                let k = Int(rows.csm[r])
                if csmIndex[k] < 0 {
                    var name = ledger.csms.strings[k]
                    csmIndex[k] = name.withUTF8 { builder.internCSM($0) } ?? -1
                }
                csm = csmIndex[k]
            }
            var milestone: Int32 = -1
            if milestones.name[r] >= 0 {
                let k = Int(milestones.name[r])
                if milestoneIndex[k] < 0 {
                    var name = milestones.names[k]
                    milestoneIndex[k] = name.withUTF8 { builder.internMilestone($0) } ?? -1
                }
                milestone = milestoneIndex[k]
            }
            for f in columns.indices { scratch[f] = columns[f][r] }
            let period = Period(granularity: options.granularity, ordinal: rows.period[r])
            var churned: Bool? = rows.churned[r]
            if let open = options.openPeriod, period == open {
                churned = nil
                unknown += 1
            }
            do {
                try builder.commitRow(
                    customer: customerIndex[c], period: period, segment: segmentIndex[s], fit: rows.fit[r], csm: csm,
                    arr: rows.arr[r], churned: churned, expansion: rows.expansion[r], contraction: rows.contraction[r],
                    milestone: milestone, milestoneReached: milestones.reached[r], line: Int(rows.line[r]),
                    features: UnsafeBufferPointer(rebasing: scratch[0..<columns.count]))
            } catch {
                errors.add(ImportError(error))
                break
            }
        }
        let built = builder.finishCollecting(bytesRead: sources.first?.bytes ?? 0, errorLimit: options.errorLimit)
        errors.add(built.errors.map(ImportError.init), total: built.errorCount)
        guard errors.isEmpty else { throw errors.failure }
        let panel = built.panel

        var record = ImportRecord(kind: "raw_tables")
        record.sources = sources
        record.options = ["grain": options.granularity.rawValue, "window": catalog.window.rawValue]
        if let format = options.dateFormat { record.options["date_format"] = format.pattern }
        if let open = options.openPeriod { record.options["open_period"] = open.label }
        if let through = options.through { record.options["through"] = through.label }
        record.columns =
            [
                .init(panelColumn: "customer_id", sourceHeader: "customer_id", sourceColumn: nil, how: "derived"),
                .init(panelColumn: "period", sourceHeader: "date", sourceColumn: nil, how: "derived"),
                .init(panelColumn: "arr", sourceHeader: "arr", sourceColumn: nil, how: "derived"),
                .init(panelColumn: "churned", sourceHeader: "arr", sourceColumn: nil, how: "derived"),
                .init(panelColumn: "expansion_arr", sourceHeader: "arr", sourceColumn: nil, how: "derived"),
                .init(panelColumn: "contraction_arr", sourceHeader: "arr", sourceColumn: nil, how: "derived"),
            ]
            + ["segment", "fit", "csm_id"].compactMap { name in
                ledger.columns?.index[name].map { _ in .init(panelColumn: name, sourceHeader: name, sourceColumn: nil, how: "ledger") }
            } + featureNames.map { .init(panelColumn: $0, sourceHeader: nil, sourceColumn: nil, how: "events") }
        record.rowsRead = sources.reduce(0) { $0 + $1.rowsRead }
        record.describe(panel)
        var conversions = ledger.counts
        let e = aggregator.counts
        conversions.currencyStripped += e.currencyStripped
        conversions.thousandsSeparators += e.thousandsSeparators
        conversions.percentToFraction += e.percentToFraction
        conversions.accountingNegatives += e.accountingNegatives
        conversions.decimalCommas += e.decimalCommas
        conversions.booleansMapped += e.booleansMapped
        conversions.defaultsFilled = rows.defaultedSegmentRows + rows.defaultedFitRows
        record.conversions = conversions
        record.columnsIgnored = (ledger.columns?.ignored ?? []) + (aggregator.columns?.ignored ?? [])
        if !ledger.hasSegment { record.defaulted.append(.init(column: "segment", value: "all", rows: panel.rowCount)) }
        if !ledger.hasFit { record.defaulted.append(.init(column: "fit", value: "good", rows: panel.rowCount)) }
        record.counts = [
            "ledger_changes": ledger.customer.count,
            "ledger_changes_after_last_period": rows.changesAfterEnd,
            "resubscriptions": rows.resubscriptions,
            "events_used": aggregator.eventsUsed,
            "events_unknown_customer": aggregator.unknownCustomerEvents,
            "events_outside_rows": aggregator.outsideEvents,
            "events_without_value": aggregator.valuelessEvents,
            "events_unknown_metric": aggregator.unknownMetricEvents,
        ]

        var notices: [String] = []
        if !record.columnsIgnored.isEmpty {
            notices.append("ignored columns: " + record.columnsIgnored.map { "\"\($0)\"" }.joined(separator: ", "))
        }
        for d in record.defaulted { notices.append("no \(d.column) column: every row gets \(d.column) = \(d.value)") }
        if !aggregator.unknownMetrics.isEmpty {
            notices.append(
                "\(aggregator.unknownMetricEvents) events of metrics the metrics file does not name: "
                    + aggregator.unknownMetrics.map { "\"\($0)\"" }.joined(separator: ", "))
        }
        if aggregator.unknownCustomerEvents > 0 {
            notices.append("\(aggregator.unknownCustomerEvents) events for customers not in the ledger")
        }
        if aggregator.outsideEvents > 0 {
            notices.append("\(aggregator.outsideEvents) events outside their customer's rows")
        }
        if rows.resubscriptions > 0 {
            notices.append("\(rows.resubscriptions) re-subscription\(rows.resubscriptions == 1 ? "" : "s") after churn, as new ids <id>#2, …")
        }
        if unknown > 0 { notices.append("\(unknown) rows of the open period with an unknown outcome") }
        return ImportResult(panel: panel, record: record, notices: notices)
    }

    /// One feature column from its slot's accumulators.
    static func featureValues(_ a: EventAggregator, slot: EventAggregator.Slot, rows: LedgerRows, lag: Int32) -> [Float] {
        let n = rows.rowCount
        var values = [Float](repeating: .nan, count: n)
        switch slot.aggregation {
        case .sum:
            for r in 0..<n { values[r] = Float(a.sums[slot.sumBase + r]) }
        case .mean:
            for r in 0..<n {
                let k = a.eventCounts[slot.countBase + r]
                if k > 0 { values[r] = Float(a.sums[slot.sumBase + r] / Double(k)) }
            }
        case .count:
            for r in 0..<n { values[r] = Float(a.eventCounts[slot.countBase + r]) }
        case .last:
            for r in 0..<n where a.lastDay[slot.lastBase + r] != Int32.min {
                values[r] = Float(a.lastValue[slot.lastBase + r])
            }
        case .daysSinceLast:
            // The latest event so far, carried along each customer's rows; measured to the end
            // of the row's window (the start of its period, or of the next with `same_period`).
            var latest = Int32.min
            for r in 0..<n {
                if r == 0 || rows.customer[r] != rows.customer[r - 1] { latest = Int32.min }
                latest = max(latest, a.lastDay[slot.lastBase + r])
                guard latest != Int32.min else { continue }
                let reference = Period(granularity: a.dates.granularity, ordinal: rows.period[r] + 1 - lag)
                values[r] = Float(CivilDate.firstDay(of: reference) - Int(latest))
            }
        }
        return values
    }

    /// This period's value minus the customer's previous period's (missing when either is).
    static func trendValues(_ values: [Float], rows: LedgerRows) -> [Float] {
        var trend = [Float](repeating: .nan, count: values.count)
        for r in 1..<max(1, values.count) where rows.customer[r] == rows.customer[r - 1] {
            let a = values[r]
            let b = values[r - 1]
            if !a.isNaN, !b.isNaN { trend[r] = Float(Double(a) - Double(b)) }
        }
        return trend
    }

    /// Milestone columns per row, carrying an unreached milestone forward (see the type's doc).
    static func milestoneColumns(
        _ a: EventAggregator, rows: LedgerRows, order: [String]?
    ) -> (name: [Int32], reached: [Int8], names: [String]) {
        var name = a.milestone
        var reached = a.milestoneReached
        var names = a.milestoneNames.strings
        for n in order ?? [] where !names.contains(n) { names.append(n) }
        var position: [Int32: Int] = [:]
        if let order {
            for (i, n) in names.enumerated() { if let k = order.firstIndex(of: n) { position[Int32(i)] = k } }
        }
        for r in 1..<max(1, rows.rowCount) where rows.customer[r] == rows.customer[r - 1] && name[r] < 0 {
            let previous = name[r - 1]
            guard previous >= 0 else { continue }
            if reached[r - 1] == 0 {
                name[r] = previous
                reached[r] = 0
            } else if let order, let k = position[previous], k + 1 < order.count,
                let next = names.firstIndex(of: order[k + 1])
            {
                name[r] = Int32(next)
                reached[r] = 0
            }
        }
        return (name, reached, names)
    }
}
