import BearingFiles
import BearingImport
import BearingPanel
import Testing

/// Ledger and events problems located in their own file; the metrics file through ConfigDecoder.
@Suite struct RawTablesErrorTests {
    func failure(ledger: String, events: String? = nil, metrics: MetricCatalog? = nil) -> ImportFailure? {
        do {
            _ = try RawTablesImporter.importBytes(
                subscriptions: Array(ledger.utf8), events: events.map { Array($0.utf8) },
                options: RawTablesOptions(granularity: .quarter, metrics: metrics))
            return nil
        } catch {
            return error
        }
    }

    @Test func ledgerProblemsAreLocated() {
        let f = failure(
            ledger: """
                customer_id,date,arr
                a,2024-01-05,100
                b,2024-13-01,100
                c,2024-02-01,-5
                d,2024-02-01,0
                a#2,2024-01-01,50
                a,2024-04-01,0
                a,2024-07-01,70
                """)
        #expect(f?.errors.map(\.kind) == [.invalidPeriod, .negativeAmount, .invalidLedger, .invalidLedger])
        #expect(f?.errors.map(\.line) == [3, 4, 5, 8])
        #expect(
            f?.errors[3].description
                == #"subscriptions.csv:8: expected a free id for the re-subscription of "a", found "a#2", which the ledger already uses"#)
    }

    @Test func ledgerNeedsItsColumns() {
        let f = failure(ledger: "customer,when,arr\na,2024-01-01,1\n")
        #expect(f?.errors.map(\.columnName) == ["customer_id", "date"])
        #expect(f?.errors.first?.found.contains("did you mean \"customer\"?") == true)
    }

    @Test func eventProblemsAreLocatedInTheEventsFile() throws {
        let catalog = try ConfigDecoder().decode(
            MetricCatalog.self, from: "metrics:\n  nps: {group: experience, aggregation: mean}\n", file: "m.yaml")
        let f = failure(
            ledger: "customer_id,date,arr\na,2024-01-05,100\n",
            events: "customer_id,date,metric,value\na,2024-02-30,nps,3\na,2024-02-01,nps,great\na,2024-02-01,milestone:x,2\n",
            metrics: catalog)
        #expect(f?.errors.map(\.kind) == [.invalidPeriod, .invalidNumber, .invalidFlag])
        #expect(f?.errors.allSatisfy { $0.file == "events.csv" } == true)
        #expect(f?.errors.map(\.line) == [2, 3, 4])
    }

    @Test func metricsFileIsCheckedWhereItIsWrong() {
        func error(_ yaml: String) -> ConfigError? {
            do {
                _ = try ConfigDecoder().decode(MetricCatalog.self, from: yaml, file: "m.yaml")
                return nil
            } catch {
                return error
            }
        }
        let aggregation = error("metrics:\n  logins:\n    group: engagement\n    aggregation: median\n")
        #expect(aggregation?.line == 4 && aggregation?.description.contains("median") == true)
        let group = error("metrics:\n  logins: {group: behaviour, aggregation: count}\n")
        #expect(group?.line == 2)
        let typo = error("metrics:\n  logins: {group: engagement, aggregaton: count}\n")
        #expect(typo?.kind == .unknownKey || typo?.kind == .missingKey)
        let twice = error("metrics:\n  a: {group: outcome, feature: x, aggregation: sum}\n  b: {group: outcome, feature: x, aggregation: sum}\n")
        #expect(twice?.line == 3 && twice?.description.contains("a second time") == true)
        let milestone = error("metrics:\n  milestone:x: {group: outcome, aggregation: sum}\n")
        #expect(milestone?.description.contains("need no entry") == true)
        let window = error("window: last_quarter\nmetrics: {}\n")
        #expect(window?.line == 1)
        let list = error(
            "metrics:\n  c:\n    - {group: engagement, feature: n, aggregation: count}\n    - {group: engagement, feature: d, aggregation: sometimes}\n"
        )
        #expect(list?.line == 4)
    }
}
