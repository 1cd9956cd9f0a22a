import BearingFiles
import BearingImport
import BearingPanel
import Testing

/// The column mapping YAML through `ConfigDecoder`: file order kept, short and long entry
/// forms, options, and located errors for everything that cannot be used.
@Suite struct MappingFileTests {
    func decode(_ yaml: String) throws(ConfigError) -> ColumnMapping {
        try ConfigDecoder().decode(ColumnMapping.self, from: yaml, file: "map.yaml")
    }

    func error(_ yaml: String) -> ConfigError? {
        do {
            _ = try decode(yaml)
            return nil
        } catch {
            return error
        }
    }

    @Test func entriesInFileOrderWithOptions() throws {
        let m = try decode(
            """
            columns:
              customer_id: "Account ID"
              outcome.usage_trend: Usage trend 90d
              attribute.plan: {from: Plan, categorical: true}
              arr:
                from: ARR (USD)
            period_grain: month
            delimiter: tab
            decimal: ","
            date_format: DD.MM.YYYY
            """)
        #expect(
            m.entries == [
                .init(panelColumn: "customer_id", header: "Account ID"),
                .init(panelColumn: "outcome.usage_trend", header: "Usage trend 90d"),
                .init(panelColumn: "attribute.plan", header: "Plan", categorical: true),
                .init(panelColumn: "arr", header: "ARR (USD)"),
            ])
        #expect(m.periodGrain == .month && m.delimiter == .tab && m.decimalSeparator == .comma)
        #expect(m.dateFormat?.pattern == "DD.MM.YYYY")
    }

    @Test func unknownPanelColumnIsLocatedWithASuggestion() {
        let e = error("columns:\n  customer_id: A\n  custmer_segment: B\n  segmnt: C\n")
        #expect(e?.kind == .invalidValue)
        #expect(e?.line == 3 && e?.column == 20)
        #expect(e?.description.contains("'custmer_segment' is not a panel column") == true)
        let near = error("columns:\n  segmnt: C\n")
        #expect(near?.description.hasSuffix("did you mean 'segment'?") == true)
    }

    @Test func unknownKeysAndBadOptionsAreLocated() {
        let typo = error("columns:\n  arr: ARR\ndate_fromat: MM/DD/YYYY\n")
        #expect(typo?.kind == .unknownKey && typo?.line == 3)
        #expect(typo?.description.contains("did you mean 'date_format'?") == true)
        let longForm = error("columns:\n  attribute.plan: {from: Plan, categorcal: true}\n")
        #expect(longForm?.kind == .unknownKey && longForm?.line == 2)
        let categorical = error("columns:\n  outcome.x: {from: X, categorical: true}\n")
        #expect(categorical?.description.contains("only attribute.* columns can be categorical") == true)
        #expect(error("columns:\n  arr: A\ndelimiter: \"#\"\n")?.line == 3)
        #expect(error("columns:\n  arr: A\ndate_format: MM/YYYY\n")?.line == 3)
        #expect(error("columns:\n  arr: A\nperiod_grain: week\n")?.line == 3)
        #expect(error("columns:\n  arr: \"\"\n")?.kind == .invalidValue)
        #expect(error("columns: [arr]\n")?.kind == .typeMismatch)
    }

    @Test func categoricalAttributesBecomeOneHotColumns() throws {
        let mapping = try decode(
            """
            columns:
              customer_id: Account
              attribute.plan: {from: Plan, categorical: true}
              attribute.seats: Seats
            """)
        let text = """
            Account,period,arr,churned,Plan,Seats
            a,2024-Q1,10,0,Pro,5
            b,2024-Q1,10,0, basic ,yes
            c,2024-Q1,10,0,N/A,
            a,2024-Q2,10,0,Pro,6
            """
        let result = try ExportImporter.importBytes(Array(text.utf8), options: ExportOptions(mapping: mapping))
        let features = result.panel.features
        #expect(features.map(\.name) == ["attribute.plan=Pro", "attribute.plan=basic", "attribute.seats"])
        #expect(features.allSatisfy { $0.group == .attribute })
        #expect(features[0] == FeatureColumn(name: "attribute.plan=Pro", group: .attribute, values: [1, 0, .nan, 1]))
        #expect(features[1].values[1] == 1 && features[1].values[2].isNaN)
        #expect(features[2] == FeatureColumn(name: "attribute.seats", group: .attribute, values: [5, 1, .nan, 6]))
        #expect(
            result.record.categorical == [
                .init(column: "attribute.plan", levels: ["Pro", "basic"], featureColumns: ["attribute.plan=Pro", "attribute.plan=basic"])
            ])
        #expect(
            result.record.columns.map(\.how) == [
                "mapping", "header", "header", "header", "categorical", "categorical", "mapping", "default", "default", "default", "default",
            ])
        // The strict panel carries the one-hot columns through a write and read.
        #expect(try HistoryCSVReader.read(bytes: HistoryCSVWriter.encode(result.panel)) == result.panel)
    }

    @Test func headersCarryingPanelNamesNeedNoMapping() throws {
        let text = "Customer ID;Period;ARR;Churned;Outcome.Usage Trend;Region\nc1;2024-Q1;1;0;0,5;EU\n"
        let result = try ExportImporter.importBytes(Array(text.utf8), options: ExportOptions(decimalSeparator: .comma))
        #expect(result.panel.features.map(\.name) == ["outcome.usage_trend"])
        #expect(result.panel.features[0].values == [0.5])
        #expect(result.record.columnsIgnored == ["Region"])
        #expect(result.record.options["delimiter"] == ";")
    }
}
