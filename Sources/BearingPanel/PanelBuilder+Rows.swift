/// Rows of the strict CSV: each cell checked against the contract in column order, the row
/// stored, and the cross-row bookkeeping (last period, churn, line anchors) updated.
extension PanelBuilder {
    /// Appends one data row (its field count already checked against the header).
    mutating func addRow(_ cells: CSVRow) throws(PanelError) {
        let line = cells.line
        let slot = batchCount

        var values = RowValues(period: Period(granularity: .quarter, ordinal: 0))
        contractColumns?.clear(slot)

        for k in 0..<roles.count {
            let bytes = cells.cell(k)
            switch roles[k] {
            case .feature(let f):
                if bytes.isEmpty {
                    features[f].set(slot, .nan)
                    missing[f] += 1
                } else if let value = DecimalNumber.parseFiniteFloat(bytes) {
                    features[f].set(slot, value)
                } else {
                    throw featureError(bytes, column: k, line: cells.line(ofField: k))
                }
            case .arr:
                values.arr = try amount(bytes, column: k, cells)
            case .expansion:
                values.expansion = try amount(bytes, column: k, cells)
            case .contraction:
                values.contraction = try amount(bytes, column: k, cells)
            // Interning is written out here: calling a method of `self` while passing one of
            // its interners inout would copy the whole builder on every cell.
            case .customer:
                guard !bytes.isEmpty, let index = customers.intern(bytes) else {
                    throw stringError(bytes, column: k, cells)
                }
                values.customer = index
            case .segment:
                guard !bytes.isEmpty, let index = segments.intern(bytes) else {
                    throw stringError(bytes, column: k, cells)
                }
                values.segment = index
            case .csm:
                if !bytes.isEmpty {
                    guard let index = csms.intern(bytes) else { throw stringError(bytes, column: k, cells) }
                    values.csm = index
                }
            case .milestone:
                if !bytes.isEmpty {
                    guard let index = milestones.intern(bytes) else { throw stringError(bytes, column: k, cells) }
                    values.milestone = index
                }
            case .period:
                values.period = try parsePeriod(bytes, column: k, cells)
            case .fit:
                values.fit = try parseFit(bytes, column: k, cells)
            case .churned:
                // An empty cell: the period is still running, the outcome is unknown.
                values.churned = try flag(bytes, column: k, required: false, cells).map { $0 == 1 }
            case .milestoneReached:
                values.milestoneReached = try flag(bytes, column: k, required: false, cells) ?? -1
            case .contractTerm:
                if !bytes.isEmpty {
                    guard let term = ContractColumnsBuilder.parseTerm(bytes) else {
                        throw error(
                            .invalidContract, column: k, line: cells.line(ofField: k),
                            expected: "a contract term in whole months (1 to 1200), or an empty cell", found: bytes)
                    }
                    contractColumns?.setTerm(slot, term)
                }
            case .renewalDate:
                if !bytes.isEmpty {
                    guard let date = CalendarDate.parse(bytes) else {
                        throw error(
                            .invalidContract, column: k, line: cells.line(ofField: k),
                            expected: "a date like 2025-06-30 (YYYY-MM-DD), or an empty cell", found: bytes)
                    }
                    contractColumns?.setRenewal(slot, date.dayNumber)
                }
            }
        }
        try store(values, line: line)
    }

    /// Stores a checked row in the current batch slot and updates the cross-row bookkeeping.
    @inline(__always)
    mutating func store(
        customer customerIndex: Int32, period rowPeriod: Period, segment segmentIndex: Int32, fit rowFit: Fit,
        csm csmIndex: Int32, arr rowARR: Double, churned knownChurned: Bool?, expansion rowExpansion: Double,
        contraction rowContraction: Double, milestone milestoneIndex: Int32, milestoneReached reached: Int8, line: Int
    ) throws(PanelError) {
        let slot = batchCount
        let row = flushedRows + slot
        let rowChurned = knownChurned ?? false
        if knownChurned == nil { unknownOutcomeRows.append(Int32(row)) }
        customer.set(slot, customerIndex)
        period.set(slot, rowPeriod)
        segment.set(slot, segmentIndex)
        fit.set(slot, rowFit)
        csm.set(slot, csmIndex)
        arr.set(slot, rowARR)
        churned.set(slot, rowChurned)
        expansion.set(slot, rowExpansion)
        contraction.set(slot, rowContraction)
        milestone.set(slot, milestoneIndex)
        milestoneReached.set(slot, reached)
        batchCount = slot + 1
        if batchCount == Self.batchRows { flushBatch() }

        try track(customer: customerIndex, ordinal: rowPeriod.ordinal, churned: rowChurned, row: row)
        addAnchor(row: row, line: line)
    }

    /// Cross-row bookkeeping of one row, in row order: each customer's last period, its
    /// earliest churned period, and whether every customer's periods still ascend.
    @inline(__always)
    mutating func track(customer customerIndex: Int32, ordinal: Int32, churned rowChurned: Bool, row: Int) throws(PanelError) {
        let c = Int(customerIndex)
        if c >= customerCapacity {
            let grown = max(1024, customerCapacity * 2)
            guard lastOrdinal.resize(to: grown), churnRow.resize(to: grown), churnOrdinal.resize(to: grown) else {
                throw outOfMemory(rows: grown)
            }
            customerCapacity = grown
        }
        if c == seenCustomers {
            seenCustomers += 1
            lastOrdinal.set(c, ordinal)
            churnRow.set(c, rowChurned ? Int32(row) : -1)
            churnOrdinal.set(c, ordinal)
        } else {
            if ordinal <= lastOrdinal[c] { ascending = false }
            lastOrdinal.set(c, ordinal)
            if rowChurned, churnRow[c] < 0 || ordinal < churnOrdinal[c] {
                churnRow.set(c, Int32(row))
                churnOrdinal.set(c, ordinal)
            }
        }
    }

    /// Records where `row` starts unless the previous anchor already predicts it.
    @inline(__always)
    mutating func addAnchor(row: Int, line: Int) {
        if let anchor = lineAnchors.last, anchor.line + (row - anchor.row) == line {
            // Still on the predicted line: no anchor needed.
        } else {
            lineAnchors.append((row, line))
        }
    }

    /// Physical line of a data row.
    func line(ofRow row: Int) -> Int {
        let anchor = lineAnchors[lineAnchors.lastIndex(atMost: row) { $0.row }]
        return anchor.line + (row - anchor.row)
    }
}
