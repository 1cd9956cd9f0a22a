import BearingPanel

/// Which source column feeds which panel column, resolved once from the header and the
/// mapping. Rules (see `ColumnMapping`):
///
/// 1. each mapping entry names a header: exact match, else the one header equal to it once
///    case, spaces, `_` and `-` are ignored (two such headers are ambiguous: an error);
/// 2. contract columns the mapping leaves out match a header with their name the same way
///    (`Customer ID` → `customer_id`, `Expansion ARR` → `expansion_arr`);
/// 3. headers that carry a feature prefix (`outcome.`, `experience.`, `engagement.`,
///    `attribute.`) become features under their normalised name;
/// 4. every other header is ignored (listed once in the record and a notice);
/// 5. `customer_id`, `period`, `arr` and `churned` are required; `segment` (`all`), `fit`
///    (`good`), `expansion_arr` and `contraction_arr` (0) are filled with defaults when absent,
///    and the record says so; `csm_id`, `milestone`, `milestone_reached`, `contract_term_months`
///    and `renewal_date` are simply absent (the panel has contract columns when either is there).
struct ExportColumnPlan {
    enum Target: Equatable {
        case customer, period, segment, fit, csm, arr, churned, expansion, contraction, milestone, milestoneReached
        case contractTerm, renewalDate
        /// Index into `numericFeatures`.
        case feature(Int)
        /// Index into `categoricals`.
        case categorical(Int)
    }

    /// Final feature order: numeric builder features and categorical expansions.
    enum FeatureSlot {
        case numeric(Int)
        case categorical(Int)
    }

    /// (source column, target), by source column.
    var targets: [(column: Int, target: Target)] = []
    var numericFeatures: [String] = []
    var categoricals: [(name: String, column: Int)] = []
    var layout: [FeatureSlot] = []
    var columns: [ImportRecord.ColumnSource] = []
    var ignored: [String] = []
    var defaulted: [(column: String, value: String)] = []
    var periodColumn = 0

    /// Source column of each contract column (-1 when absent), for the fast path.
    struct Columns {
        var customer = -1, period = -1, segment = -1, fit = -1, csm = -1, arr = -1, churned = -1
        var expansion = -1, contraction = -1, milestone = -1, milestoneReached = -1
        var contractTerm = -1, renewalDate = -1
    }

    var contract = Columns()
    /// Source column of each numeric feature, in `numericFeatures` order.
    var featureColumns: [Int] = []

    func has(_ target: Target) -> Bool { targets.contains { $0.target == target } }

    static let required = ["customer_id", "period", "arr", "churned"]
    static let defaults: [(column: String, value: String)] = [
        ("segment", "all"), ("fit", "good"), ("expansion_arr", "0"), ("contraction_arr", "0"),
    ]

    /// Lower case, trimmed, runs of spaces, `_` and `-` as one `_`.
    static func normalize(_ name: String) -> String {
        var out = ""
        var pendingSeparator = false
        for ch in name.trimmingCharactersInSpaces().lowercased() {
            if ch == " " || ch == "_" || ch == "-" || ch == "\t" {
                pendingSeparator = !out.isEmpty
                continue
            }
            if pendingSeparator {
                out.append("_")
                pendingSeparator = false
            }
            out.append(ch)
        }
        return out
    }

    /// The contract column `name` names (the strict reader's names, `PanelBuilder.role(of:)`),
    /// else a feature when `name` carries a feature prefix.
    static func target(of name: String, featureIndex: Int) -> Target? {
        guard let role = PanelBuilder.role(of: name) else {
            return FeatureGroup(columnName: name) != nil ? .feature(featureIndex) : nil
        }
        return switch role {
        case .customer: .customer
        case .period: .period
        case .segment: .segment
        case .fit: .fit
        case .csm: .csm
        case .arr: .arr
        case .churned: .churned
        case .expansion: .expansion
        case .contraction: .contraction
        case .milestone: .milestone
        case .milestoneReached: .milestoneReached
        case .contractTerm: .contractTerm
        case .renewalDate: .renewalDate
        case .feature: .feature(featureIndex)
        }
    }

    /// Resolves `header` against `mapping`; throws every header problem at once.
    init(header: [String], mapping: ColumnMapping?, fileName: String, headerLine: Int) throws(ImportFailure) {
        let normalized = header.map(Self.normalize)
        var used = Array(repeating: false, count: header.count)
        var errors: [ImportError] = []
        var assigned: [String: Int] = [:]
        /// Panel columns whose mapping entry already failed (reported once).
        var reported = Set<String>()
        var featureOrder: [(name: String, column: Int, categorical: Bool, how: String)] = []
        var contract: [(name: String, column: Int, how: String)] = []

        func candidates(_ name: String) -> [Int] {
            let exact = header.indices.filter { header[$0] == name }
            if !exact.isEmpty { return exact }
            let key = Self.normalize(name)
            return header.indices.filter { normalized[$0] == key }
        }
        func ambiguous(_ panel: String, _ wanted: String, _ found: [Int]) -> ImportError {
            ImportError(
                .ambiguousColumn, file: fileName, line: headerLine, column: found[1] + 1, columnName: header[found[1]],
                expected: "one column for \(panel) (\"\(wanted)\")",
                found: "columns " + found.map { "\($0 + 1) (\"\(header[$0])\")" }.joined(separator: " and "))
        }

        for entry in mapping?.entries ?? [] {
            let found = candidates(entry.header)
            if found.count > 1 {
                errors.append(ambiguous(entry.panelColumn, entry.header, found))
                reported.insert(entry.panelColumn)
                continue
            }
            guard let column = found.first else {
                reported.insert(entry.panelColumn)
                var text =
                    "no column headed \"\(entry.header)\"; the header has "
                    + header.map { "\"\($0)\"" }.joined(separator: ", ")
                if let near = Cells.closest(to: entry.header, in: header) { text += " (did you mean \"\(near)\"?)" }
                errors.append(
                    ImportError(
                        .missingColumn, file: fileName, line: headerLine, columnName: entry.panelColumn,
                        expected: "a column for \(entry.panelColumn) as the mapping says", found: text))
                continue
            }
            used[column] = true
            assigned[entry.panelColumn] = column
            if FeatureGroup(columnName: entry.panelColumn) != nil {
                featureOrder.append((entry.panelColumn, column, entry.categorical, "mapping"))
            } else {
                contract.append((entry.panelColumn, column, "mapping"))
            }
        }
        for name in ColumnMapping.contractColumns where assigned[name] == nil {
            let found = header.indices.filter { !used[$0] && normalized[$0] == name }
            if found.count > 1 {
                errors.append(ambiguous(name, name, found))
                reported.insert(name)
                continue
            }
            guard let column = found.first else { continue }
            used[column] = true
            assigned[name] = column
            contract.append((name, column, "header"))
        }
        var byNormalized: [String: Int] = [:]
        for column in header.indices where !used[column] && FeatureGroup(columnName: normalized[column]) != nil {
            let name = normalized[column]
            if assigned[name] != nil { continue }
            if let first = byNormalized[name] {
                errors.append(ambiguous(name, name, [first, column]))
                continue
            }
            byNormalized[name] = column
            used[column] = true
            assigned[name] = column
            featureOrder.append((name, column, false, "header"))
        }
        let unused = header.indices.filter { !used[$0] }
        for name in Self.required where assigned[name] == nil && !reported.contains(name) {
            var text = "no such column (headers: " + header.map { "\"\($0)\"" }.joined(separator: ", ") + ")"
            if let near = Cells.closest(to: name, in: unused.map { normalized[$0] }),
                let column = unused.first(where: { normalized[$0] == near })
            {
                text += "; did you mean \"\(header[column])\"? (map it with --columns: \(name): \"\(header[column])\")"
            }
            errors.append(
                ImportError(
                    .missingColumn, file: fileName, line: headerLine, columnName: name,
                    expected: "a column for \(name) (a header named like it, or an entry in the column mapping)", found: text))
        }
        guard errors.isEmpty else { throw ImportFailure(errors: errors) }

        for (name, column, how) in contract {
            if let target = Self.target(of: name, featureIndex: 0) { targets.append((column, target)) }
            columns.append(ImportRecord.ColumnSource(panelColumn: name, sourceHeader: header[column], sourceColumn: column + 1, how: how))
        }
        for (name, column, categorical, how) in featureOrder {
            if categorical {
                layout.append(.categorical(categoricals.count))
                targets.append((column, .categorical(categoricals.count)))
                categoricals.append((name, column))
            } else {
                layout.append(.numeric(numericFeatures.count))
                targets.append((column, .feature(numericFeatures.count)))
                numericFeatures.append(name)
            }
            columns.append(ImportRecord.ColumnSource(panelColumn: name, sourceHeader: header[column], sourceColumn: column + 1, how: how))
        }
        targets.sort { $0.column < $1.column }
        for (column, target) in targets {
            switch target {
            case .customer: self.contract.customer = column
            case .period: self.contract.period = column
            case .segment: self.contract.segment = column
            case .fit: self.contract.fit = column
            case .csm: self.contract.csm = column
            case .arr: self.contract.arr = column
            case .churned: self.contract.churned = column
            case .expansion: self.contract.expansion = column
            case .contraction: self.contract.contraction = column
            case .milestone: self.contract.milestone = column
            case .milestoneReached: self.contract.milestoneReached = column
            case .contractTerm: self.contract.contractTerm = column
            case .renewalDate: self.contract.renewalDate = column
            case .feature: featureColumns.append(column)
            case .categorical: break
            }
        }
        // `targets` is in column order; the feature columns must follow `numericFeatures`.
        featureColumns = numericFeatures.indices.map { f in targets.first { $0.target == .feature(f) }?.column ?? 0 }
        ignored = unused.map { header[$0] }
        for (column, value) in Self.defaults where assigned[column] == nil {
            defaulted.append((column, value))
            columns.append(ImportRecord.ColumnSource(panelColumn: column, sourceHeader: nil, sourceColumn: nil, how: "default"))
        }
        periodColumn = assigned["period"] ?? 0
    }
}

fileprivate extension String {
    /// Without leading and trailing spaces and tabs.
    func trimmingCharactersInSpaces() -> String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" { s.removeLast() }
        return String(s)
    }
}
