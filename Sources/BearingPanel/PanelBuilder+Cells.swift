/// Reading and checking one cell of the strict CSV, and the located errors of a bad one.
extension PanelBuilder {

    func error(
        _ kind: PanelError.Kind, column: Int, line: Int, expected: String, found bytes: UnsafeBufferPointer<UInt8>
    ) -> PanelError {
        PanelError(
            kind, file: fileName, line: line, column: column + 1, columnName: names[column],
            expected: expected, found: bytes.isEmpty ? "an empty cell" : PanelError.quoted(bytes))
    }

    func emptyError(column: Int, line: Int, expected: String) -> PanelError {
        PanelError(
            .emptyCell, file: fileName, line: line, column: column + 1, columnName: names[column],
            expected: expected, found: "an empty cell")
    }

    func amount(
        _ bytes: UnsafeBufferPointer<UInt8>, column: Int, _ cells: CSVRow
    ) throws(PanelError) -> Double {
        if let value = DecimalNumber.parseFiniteDouble(bytes), value >= 0 { return value }
        if bytes.isEmpty { throw emptyError(column: column, line: cells.line(ofField: column), expected: "a number >= 0") }
        throw error(.invalidAmount, column: column, line: cells.line(ofField: column), expected: "a number >= 0", found: bytes)
    }

    func featureError(_ bytes: UnsafeBufferPointer<UInt8>, column: Int, line: Int) -> PanelError {
        let lower = String(decoding: bytes, as: UTF8.self).lowercased()
        let expected: String
        if ["nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"].contains(lower) {
            expected = "a finite number, or an empty cell for a missing value"
        } else if DecimalNumber.parseDouble(bytes) != nil {
            expected = "a number within Float32 range (magnitude below 3.4e38), or an empty cell"
        } else {
            expected = "a number or an empty cell"
        }
        return error(.invalidFeature, column: column, line: line, expected: expected, found: bytes)
    }

    /// An empty required string cell, or one that is not UTF-8.
    func stringError(_ bytes: UnsafeBufferPointer<UInt8>, column: Int, _ cells: CSVRow) -> PanelError {
        if bytes.isEmpty {
            return emptyError(column: column, line: cells.line(ofField: column), expected: "a non-empty \(names[column])")
        }
        return error(.invalidUTF8, column: column, line: cells.line(ofField: column), expected: "UTF-8 text", found: bytes)
    }

    mutating func parsePeriod(
        _ bytes: UnsafeBufferPointer<UInt8>, column: Int, _ cells: CSVRow
    ) throws(PanelError) -> Period {
        guard let p = Self.periodLabel(bytes) else {
            if bytes.isEmpty {
                throw emptyError(column: column, line: cells.line(ofField: column), expected: "a period like 2025-Q2 or 2025-06")
            }
            let expected =
                switch granularity {
                case .quarter: "a quarter like 2025-Q2 (YYYY-Qn, n in 1...4)"
                case .month: "a month like 2025-06 (YYYY-MM, MM in 01...12)"
                case nil: "a period like 2025-Q2 or 2025-06"
                }
            throw error(.invalidPeriod, column: column, line: cells.line(ofField: column), expected: expected, found: bytes)
        }
        if let granularity {
            if p.granularity != granularity {
                let expected =
                    granularity == .quarter
                    ? "a quarter like 2025-Q2, as in the first row (one granularity per file)"
                    : "a month like 2025-06, as in the first row (one granularity per file)"
                throw error(.mixedGranularity, column: column, line: cells.line(ofField: column), expected: expected, found: bytes)
            }
        } else {
            granularity = p.granularity
        }
        return p
    }

    /// `YYYY-Qn` or `YYYY-MM` from bytes (the same grammar as `Period(label:)`).
    @inline(__always)
    package static func periodLabel(_ b: UnsafeBufferPointer<UInt8>) -> Period? {
        guard b.count == 7, b[4] == UInt8(ascii: "-") else { return nil }
        var year = 0
        for i in 0..<4 {
            let d = b[i] &- 48
            guard d < 10 else { return nil }
            year = year * 10 + Int(d)
        }
        let last = b[6] &- 48
        guard last < 10 else { return nil }
        if b[5] == UInt8(ascii: "Q") || b[5] == UInt8(ascii: "q") {
            guard last >= 1, last <= 4 else { return nil }
            return Period(year: year, quarter: Int(last))
        }
        let tens = b[5] &- 48
        guard tens <= 1 else { return nil }
        let month = Int(tens) * 10 + Int(last)
        guard month >= 1, month <= 12 else { return nil }
        return Period(year: year, month: month)
    }

    func parseFit(
        _ bytes: UnsafeBufferPointer<UInt8>, column: Int, _ cells: CSVRow
    ) throws(PanelError) -> Fit {
        if Self.equals(bytes, "good") { return .good }
        if Self.equals(bytes, "stretch") { return .stretch }
        if Self.equals(bytes, "bad") { return .bad }
        if bytes.isEmpty { throw emptyError(column: column, line: cells.line(ofField: column), expected: "good, stretch or bad") }
        throw error(.invalidFit, column: column, line: cells.line(ofField: column), expected: "good, stretch or bad", found: bytes)
    }

    func flag(
        _ bytes: UnsafeBufferPointer<UInt8>, column: Int, required: Bool, _ cells: CSVRow
    ) throws(PanelError) -> Int8? {
        if bytes.count == 1 {
            if bytes[0] == UInt8(ascii: "0") { return 0 }
            if bytes[0] == UInt8(ascii: "1") { return 1 }
        }
        if bytes.isEmpty {
            if !required { return nil }
            throw emptyError(column: column, line: cells.line(ofField: column), expected: "0 or 1")
        }
        throw error(.invalidFlag, column: column, line: cells.line(ofField: column), expected: "0 or 1", found: bytes)
    }

    static func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ text: StaticString) -> Bool {
        guard bytes.count == text.utf8CodeUnitCount else { return false }
        let p = text.utf8Start
        for i in 0..<bytes.count where bytes[i] != p[i] { return false }
        return true
    }
}
