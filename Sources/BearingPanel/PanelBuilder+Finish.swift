/// Handing the columns over as a panel, and the cross-row checks (duplicate rows, rows after
/// churn) that need every row.
extension PanelBuilder {
    /// Hands over the columns as a panel, then runs the cross-row checks on it and throws
    /// the earliest violation.
    mutating func finish(bytesRead: Int) throws(PanelError) -> (panel: HistoryPanel, summary: PanelReadSummary) {
        let result = finishCollecting(bytesRead: bytesRead, errorLimit: 1)
        if let first = result.errors.first { throw first }
        return (result.panel, result.summary)
    }

    /// Hands over the columns as a panel and runs the cross-row checks (duplicate rows,
    /// rows after churn), returning up to `errorLimit` violations in row order and how many
    /// there are in all. The panel is only meaningful when there are none.
    package mutating func finishCollecting(
        bytesRead: Int, errorLimit: Int
    ) -> (panel: HistoryPanel, summary: PanelReadSummary, errors: [PanelError], errorCount: Int) {
        flushBatch()
        var panel = HistoryPanel(
            granularity: granularity ?? .quarter, featureNames: [], hasCSMColumn: hasCSM,
            hasMilestoneColumns: hasMilestone || hasMilestoneReached)
        panel.customerIDs = customers.strings
        panel.segmentNames = segments.strings
        panel.csmIDs = csms.strings
        panel.milestoneNames = milestones.strings
        panel.customer = customer.take()
        panel.period = period.take()
        panel.segment = segment.take()
        panel.fit = fit.take()
        panel.csm = csm.take()
        panel.arr = arr.take()
        panel.churned = churned.take()
        panel.expansionARR = expansion.take()
        panel.contractionARR = contraction.take()
        panel.milestone = milestone.take()
        panel.milestoneReached = milestoneReached.take()
        panel.features.reserveCapacity(featureNames.count)
        for k in featureNames.indices {
            panel.features.append(FeatureColumn(name: featureNames[k], group: featureGroups[k], values: features[k].take()))
        }
        if !unknownOutcomeRows.isEmpty {
            panel.outcomeKnown = Array(repeating: true, count: panel.rowCount)
            for r in unknownOutcomeRows { panel.outcomeKnown[Int(r)] = false }
        }
        panel.contracts = contractColumns?.take()
        let churnRows = churnRow.takeArray(count: seenCustomers)

        // Violations in row order; at one row a duplicate comes before a row after churn.
        // `first` is the duplicated row (duplicates only).
        var violations: [(row: Int, isDuplicate: Bool, first: Int)] = []
        if !ascending {
            for duplicate in Self.duplicateRows(panel) { violations.append((duplicate.row, true, duplicate.first)) }
        }
        for row in Self.rowsAfterChurn(panel, churnRows: churnRows) { violations.append((row, false, -1)) }
        violations.sort { a, b in a.row != b.row ? a.row < b.row : (a.isDuplicate && !b.isDuplicate) }
        var errors: [PanelError] = []
        for violation in violations.prefix(max(0, errorLimit)) {
            let row = violation.row
            let c = Int(panel.customer[row])
            let name = PanelError.quoted(Array(panel.customerIDs[c].utf8))
            if violation.isDuplicate {
                errors.append(
                    PanelError(
                        .duplicateRow, file: fileName, line: line(ofRow: row), column: periodColumn + 1,
                        columnName: periodColumnName,
                        expected: "one row per customer and period",
                        found: "a second row for customer \(name) in "
                            + "\(panel.period[row]) (first at line \(line(ofRow: violation.first)))"))
            } else {
                let churn = Int(churnRows[c])
                errors.append(
                    PanelError(
                        .rowAfterChurn, file: fileName, line: line(ofRow: row), column: periodColumn + 1,
                        columnName: periodColumnName,
                        expected: "no rows after customer \(name) churned in "
                            + "\(panel.period[churn]) (line \(line(ofRow: churn)))",
                        found: "a row for \(panel.period[row])"))
            }
        }

        let distinct = panel.distinctPeriods
        let g = panel.granularity
        let summary = PanelReadSummary(
            rows: panel.rowCount,
            customers: panel.customerIDs.count,
            periods: distinct.count,
            firstPeriod: Period(granularity: g, ordinal: distinct.first?.ordinal ?? .max),
            lastPeriod: Period(granularity: g, ordinal: distinct.last?.ordinal ?? .min),
            granularity: g,
            missingPerFeature: featureNames.indices.map { (featureNames[$0], missing[$0]) },
            bytesRead: bytesRead)
        return (panel, summary, errors, violations.count)
    }

    // MARK: Cross-row checks

    /// Rows (in file order) that repeat an earlier row's customer and period, each with the
    /// first row of its customer and period.
    private static func duplicateRows(_ panel: HistoryPanel) -> [(row: Int, first: Int)] {
        // Rows grouped by customer (counting sort), then each group sorted by (period, row).
        let customerCount = panel.customerIDs.count
        let rowCount = panel.rowCount
        var offsets = [Int32](repeating: 0, count: customerCount + 1)
        for c in panel.customer { offsets[Int(c) + 1] += 1 }
        for c in 0..<customerCount { offsets[c + 1] += offsets[c] }
        var fill = offsets
        var rows = [Int32](repeating: 0, count: rowCount)
        for r in 0..<rowCount {
            let c = Int(panel.customer[r])
            rows[Int(fill[c])] = Int32(r)
            fill[c] += 1
        }
        let period = panel.period
        var found: [(row: Int, first: Int)] = []
        for c in 0..<customerCount {
            let lo = Int(offsets[c])
            let hi = Int(offsets[c + 1])
            guard hi - lo > 1 else { continue }
            // Rows are usually in period order already: then no period repeats.
            var increasing = true
            for i in (lo + 1)..<hi where period[Int(rows[i])].ordinal <= period[Int(rows[i - 1])].ordinal {
                increasing = false
                break
            }
            if increasing { continue }
            var group = Array(rows[lo..<hi])
            group.sort { a, b in
                let pa = period[Int(a)].ordinal
                let pb = period[Int(b)].ordinal
                return pa != pb ? pa < pb : a < b
            }
            var groupStart = 0
            for i in 1..<group.count {
                if period[Int(group[i])].ordinal != period[Int(group[groupStart])].ordinal {
                    groupStart = i
                    continue
                }
                // Equal periods are in row order, so group[i] repeats group[groupStart].
                found.append((Int(group[i]), Int(group[groupStart])))
            }
        }
        return found
    }

    /// Rows whose period is after their customer's churn period, in row order.
    private static func rowsAfterChurn(_ panel: HistoryPanel, churnRows: [Int32]) -> [Int] {
        var found: [Int] = []
        for r in 0..<panel.rowCount {
            let churn = churnRows[Int(panel.customer[r])]
            if churn >= 0, panel.period[r].ordinal > panel.period[Int(churn)].ordinal { found.append(r) }
        }
        return found
    }
}
