import BearingPanel

extension ExportAssembler {
    /// The panel and its record, or every error found.
    mutating func finish(sources: [ImportRecord.Source], kind: String) throws(ImportFailure) -> ImportResult {
        var collected = errors
        collected.merge(committer.errors)

        if let openPeriod, let grain = periods.granularity, grain != openPeriod.granularity {
            collected.add(
                ImportError(
                    .invalidOption, file: fileName, expected: "an open period of the \(grain) grain the periods have",
                    found: "\(openPeriod.label) (a \(openPeriod.granularity))"))
        }
        committer.builder.granularity = periods.granularity
        let result = committer.builder.finishCollecting(bytesRead: sources.first?.bytes ?? 0, errorLimit: collected.limit)
        // The builder's cross-row checks run at the end; their errors join the rest in file order.
        var crossRow = ErrorCollector(limit: collected.limit)
        crossRow.add(result.errors.map(ImportError.init), total: result.errorCount)
        collected.merge(crossRow)
        if collected.isEmpty, result.panel.rowCount == 0 {
            collected.add(
                ImportError(
                    .noRows, file: fileName, expected: "at least one data row after the header", found: "only a header"))
        }
        guard collected.isEmpty else { throw collected.failure }

        var panel = result.panel
        // Features in mapping (or header) order, categorical columns expanded in place.
        let numeric = panel.features
        var features: [FeatureColumn] = []
        var categoricalRecords: [ImportRecord.CategoricalColumn] = []
        for slot in plan.layout {
            switch slot {
            case .numeric(let i):
                features.append(numeric[i])
            case .categorical(let j):
                let names = committer.levels[j].strings
                let order = names.indices.sorted { names[$0] < names[$1] }
                var featureNames: [String] = []
                for level in order {
                    let name = "\(plan.categoricals[j].name)=\(names[level])"
                    featureNames.append(name)
                    let values = committer.codes[j].map { $0 < 0 ? Float.nan : ($0 == Int32(level) ? 1 : 0) }
                    features.append(FeatureColumn(name: name, group: .attribute, values: values))
                }
                categoricalRecords.append(
                    .init(
                        column: plan.categoricals[j].name, levels: order.map { names[$0] }, featureColumns: featureNames))
            }
        }
        panel.features = features

        var record = ImportRecord(kind: kind)
        record.sources = sources
        record.options = optionsUsed
        if let grain = periods.granularity { record.options["period_grain"] = grain.rawValue }
        if periods.defaultedGrain { record.options["period_grain_defaulted"] = "true" }
        record.columns = plan.columns
        for slot in plan.layout {
            if case .categorical(let j) = slot, let at = record.columns.firstIndex(where: { $0.panelColumn == plan.categoricals[j].name }) {
                let source = record.columns[at]
                let expanded = (categoricalRecords.first { $0.column == plan.categoricals[j].name }?.featureColumns ?? []).map {
                    ImportRecord.ColumnSource(
                        panelColumn: $0, sourceHeader: source.sourceHeader, sourceColumn: source.sourceColumn, how: "categorical")
                }
                record.columns.replaceSubrange(at...at, with: expanded)
            }
        }
        record.rowsRead = rowsRead
        record.describe(panel)
        var counts = self.counts
        counts.defaultsFilled = plan.defaulted.count * panel.rowCount
        record.conversions = counts
        record.columnsIgnored = plan.ignored
        record.defaulted = plan.defaulted.map { .init(column: $0.column, value: $0.value, rows: panel.rowCount) }
        record.categorical = categoricalRecords

        var notices: [String] = []
        if !plan.ignored.isEmpty {
            notices.append(
                "ignored \(plan.ignored.count) column\(plan.ignored.count == 1 ? "" : "s"): "
                    + plan.ignored.map { "\"\($0)\"" }.joined(separator: ", "))
        }
        for d in plan.defaulted {
            notices.append("no \(d.column) column: every row gets \(d.column) = \(d.value)")
        }
        if periods.defaultedGrain { notices.append("dates placed in quarters (give --period-grain month for months)") }
        if record.unknownOutcomeRows > 0 {
            notices.append(
                "\(record.unknownOutcomeRows) row\(record.unknownOutcomeRows == 1 ? "" : "s") with an unknown outcome (scored, never trained or tested on)"
            )
        }
        return ImportResult(panel: panel, record: record, notices: notices)
    }
}
