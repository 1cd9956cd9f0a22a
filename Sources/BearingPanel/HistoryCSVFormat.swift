/// Byte-level encoding of the panel CSV, shared by `HistoryCSVWriter` and its `encode`.
package enum HistoryCSVFormat {
    /// Upper bound of the bytes one number takes (`-1.2345678901234567e-308`).
    package static let maxNumberBytes = 32

    static func appendHeader(
        featureNames: [String], hasCSMColumn: Bool, hasMilestoneColumns: Bool, hasContractColumns: Bool = false,
        to out: inout CSVByteSink
    ) {
        var names = ["customer_id", "period", "segment", "fit"]
        if hasCSMColumn { names.append("csm_id") }
        names += ["arr", "churned", "expansion_arr", "contraction_arr"]
        if hasMilestoneColumns { names += ["milestone", "milestone_reached"] }
        if hasContractColumns { names += ["contract_term_months", "renewal_date"] }
        names += featureNames
        for (i, name) in names.enumerated() {
            out.ensure(2 * name.utf8.count + 4)
            if i > 0 { out.put(UInt8(ascii: ",")) }
            appendString(name, to: &out)
        }
        out.ensure(1)
        out.put(UInt8(ascii: "\n"))
    }

    /// Rows in the header's column order; `contracts` writes the contract columns (empty cells
    /// when the panel has none), so a header written with them must be matched here.
    static func appendRows(_ panel: HistoryPanel, rows: Range<Int>, contracts: Bool = false, to out: inout CSVByteSink) {
        let comma = UInt8(ascii: ",")
        // Bound of everything but the strings: numbers, flags, period, fit, dates, commas.
        let fixedBytes = (10 + panel.features.count) * maxNumberBytes + 64
        let known = panel.outcomeKnown
        let allKnown = known.isEmpty
        for r in rows {
            let customerID = panel.customerIDs[Int(panel.customer[r])]
            let segment = panel.segmentNames[Int(panel.segment[r])]
            let c = panel.hasCSMColumn ? Int(panel.csm[r]) : -1
            let m = panel.hasMilestoneColumns ? Int(panel.milestone[r]) : -1
            var stringBytes = customerID.utf8.count + segment.utf8.count
            if c >= 0 { stringBytes += panel.csmIDs[c].utf8.count }
            if m >= 0 { stringBytes += panel.milestoneNames[m].utf8.count }
            // Quoting at most doubles a string and adds two quotes.
            out.ensure(fixedBytes + 2 * stringBytes + 8)

            appendString(customerID, to: &out)
            out.put(comma)
            appendPeriod(panel.period[r], to: &out)
            out.put(comma)
            appendString(segment, to: &out)
            out.put(comma)
            appendFit(panel.fit[r], to: &out)
            out.put(comma)
            if panel.hasCSMColumn {
                if c >= 0 { appendString(panel.csmIDs[c], to: &out) }
                out.put(comma)
            }
            appendNumber(panel.arr[r], to: &out)
            out.put(comma)
            // An unknown outcome (a period still running) is an empty cell.
            if allKnown || known[r] { out.put(panel.churned[r] ? UInt8(ascii: "1") : UInt8(ascii: "0")) }
            out.put(comma)
            appendNumber(panel.expansionARR[r], to: &out)
            out.put(comma)
            appendNumber(panel.contractionARR[r], to: &out)
            if panel.hasMilestoneColumns {
                out.put(comma)
                if m >= 0 { appendString(panel.milestoneNames[m], to: &out) }
                out.put(comma)
                let reached = panel.milestoneReached[r]
                if reached >= 0 { out.put(reached == 1 ? UInt8(ascii: "1") : UInt8(ascii: "0")) }
            }
            if contracts { appendContractCells(panel.contracts, row: r, to: &out) }
            for k in panel.features.indices {
                out.put(comma)
                appendNumber(panel.features[k].values[r], to: &out)
            }
            out.put(UInt8(ascii: "\n"))
        }
    }

    /// `,term,date` (either empty when unknown or when the panel has no contract columns).
    static func appendContractCells(_ contracts: ContractColumns?, row r: Int, to out: inout CSVByteSink) {
        out.put(UInt8(ascii: ","))
        if let term = contracts?.termMonths[r], term >= 0 { appendInteger(Int64(term), to: &out) }
        out.put(UInt8(ascii: ","))
        if let date = contracts?.renewalDate(row: r) {
            let c = date.components
            func digit(_ n: Int) { out.put(UInt8(48 + n % 10)) }
            digit(c.year / 1000)
            digit(c.year / 100)
            digit(c.year / 10)
            digit(c.year)
            out.put(UInt8(ascii: "-"))
            digit(c.month / 10)
            digit(c.month)
            out.put(UInt8(ascii: "-"))
            digit(c.day / 10)
            digit(c.day)
        }
    }

    /// A field, quoted (inner quotes doubled) only when it holds `,` `"` CR or LF.
    /// Room for `2 * utf8.count + 2` bytes must have been ensured.
    package static func appendString(_ text: String, to out: inout CSVByteSink) {
        var text = text
        text.withUTF8 { bytes in
            var needsQuotes = false
            for b in bytes where b == UInt8(ascii: ",") || b == UInt8(ascii: "\"") || b == 10 || b == 13 {
                needsQuotes = true
                break
            }
            guard needsQuotes else {
                out.put(bytes)
                return
            }
            out.put(UInt8(ascii: "\""))
            for b in bytes {
                out.put(b)
                if b == UInt8(ascii: "\"") { out.put(b) }
            }
            out.put(UInt8(ascii: "\""))
        }
    }

    static func appendFit(_ fit: Fit, to out: inout CSVByteSink) {
        switch fit {
        case .good: put("good", to: &out)
        case .stretch: put("stretch", to: &out)
        case .bad: put("bad", to: &out)
        }
    }

    private static func put(_ text: StaticString, to out: inout CSVByteSink) {
        out.put(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    package static func appendPeriod(_ period: Period, to out: inout CSVByteSink) {
        let year = period.year
        if year < 1000 {
            // Labels are always four-digit years.
            for divisor in [1000, 100, 10] where year < divisor { out.put(UInt8(ascii: "0")) }
        }
        appendInteger(Int64(year), to: &out)
        out.put(UInt8(ascii: "-"))
        let sub = period.subperiod
        switch period.granularity {
        case .quarter:
            out.put(UInt8(ascii: "Q"))
            out.put(48 + UInt8(sub))
        case .month:
            out.put(48 + UInt8(sub / 10))
            out.put(48 + UInt8(sub % 10))
        }
    }

    /// Shortest round-trip text; integers up to 2^53 without a fraction (where the standard
    /// library would write `1200.0`); NaN as nothing.
    package static func appendNumber(_ value: Double, to out: inout CSVByteSink) {
        if value.isNaN { return }
        if value.magnitude < 0x1p53, value.rounded(.towardZero) == value {
            appendInteger(Int64(value), to: &out)
            return
        }
        appendDescription(value.description, to: &out)
    }

    /// Text that reads back (through `DecimalNumber.parseFloat`) as exactly this `Float`.
    ///
    /// Integers up to 2^24 are written as digits (the standard library writes `12.0`); larger
    /// ones in its shortest form (`2e+07`), which is shorter. Every other value is written as
    /// `Float.description` would write it (shortest round-trip digits, fixed notation from
    /// 1e-4 up, `1.5e-05` below): by `FloatText` without a `String` for non-integers in
    /// [2^-60, 2^23), by `description` itself for the rest (huge, tiny, infinite).
    package static func appendNumber(_ value: Float, to out: inout CSVByteSink) {
        if value.isNaN { return }
        if value.magnitude <= 0x1p24, value.rounded(.towardZero) == value {
            appendInteger(Int64(value), to: &out)
            return
        }
        if FloatText.appendDescription(value, to: &out) { return }
        appendDescription(value.description, to: &out)
    }

    private static func appendDescription(_ text: String, to out: inout CSVByteSink) {
        var text = text
        text.withUTF8 { out.put($0) }
    }

    package static func appendInteger(_ value: Int64, to out: inout CSVByteSink) {
        if value < 0 { out.put(UInt8(ascii: "-")) }
        var x = value.magnitude
        if x < 10 {
            out.put(48 + UInt8(x))
            return
        }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { raw in
            var i = raw.count
            while x > 0 {
                i -= 1
                raw[i] = 48 + UInt8(x % 10)
                x /= 10
            }
            out.put(UnsafeRawBufferPointer(rebasing: raw[i...]))
        }
    }
}
