import BearingFiles
import BearingImport
import BearingPanel
import Foundation
import Testing

/// The worked example in Scenarios/examples (subscriptions.csv, events.csv, metrics.yaml)
/// against a pandas implementation of the same rules (reference/raw_tables_reference.py,
/// whose output these arrays are). Money columns exactly; features exactly too (small
/// integers and halves).
@Suite struct RawTablesExampleTests {
    static let nan = Double.nan
    static let expected: [String: [Double]] = [
        "arr": [18000.0, 18000.0, 20400.0, 4800.0, 4200.0, 3000.0, 3000.0, 3000.0, 3000.0, 72500.5, 72500.5, 82500.75],
        "expansion": [0.0, 2400.0, 2000.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 10000.25, 0.0],
        "contraction": [0.0, 0.0, 1000.0, 600.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 500.5],
        "churned": [0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
        "engagement.logins": [0.0, 3.0, 1.0, 0.0, 1.0, 0.0, 0.0, 1.0, 1.0, 0.0, 0.0, 2.0],
        "experience.nps": [nan, 40.0, 45.0, nan, -20.0, nan, nan, nan, nan, nan, nan, 60.0],
        "experience.support_tickets": [0.0, 0.0, 0.0, 0.0, 2.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
        "outcome.usage_hours": [0.0, 200.5, 150.0, 0.0, 20.0, 5.0, 0.0, 0.0, 30.0, 0.0, 0.0, 400.0],
        "outcome.usage_trend": [nan, 200.5, -50.5, nan, 20.0, nan, nan, 0.0, 30.0, nan, 0.0, 400.0],
        "engagement.days_since_contact": [nan, 2.0, 1.0, nan, 82.0, nan, nan, nan, 61.0, 47.0, 138.0, 21.0],
        "engagement.contacts": [0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 1.0, 0.0, 1.0],
        "milestone_reached": [1.0, 1.0, nan, 0.0, 0.0, nan, nan, nan, nan, nan, 1.0, nan],
    ]

    static func same(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
    }

    static func importExample(options: RawTablesOptions? = nil) throws -> ImportResult {
        let dir = TestPanels.examples
        let catalog = try ConfigDecoder().decode(MetricCatalog.self, fromFile: dir.appendingPathComponent("metrics.yaml").path)
        return try RawTablesImporter.importFiles(
            subscriptions: dir.appendingPathComponent("subscriptions.csv"), events: dir.appendingPathComponent("events.csv"),
            options: options ?? RawTablesOptions(granularity: .quarter, metrics: catalog))
    }

    @Test func exampleMatchesThePandasReference() throws {
        let result = try Self.importExample()
        let p = result.panel
        #expect(p.customerIDs == ["A-100", "B-200", "B-200#2", "C-300", "D-400"])
        #expect(p.period.map(\.label) == ["2024-Q1", "2024-Q2", "2024-Q3"].repeated(4))
        #expect(Self.same(p.arr, Self.expected["arr"] ?? []))
        #expect(Self.same(p.expansionARR, Self.expected["expansion"] ?? []))
        #expect(Self.same(p.contractionARR, Self.expected["contraction"] ?? []))
        #expect(Self.same(p.churned.map { $0 ? 1 : 0 }, Self.expected["churned"] ?? []))
        #expect(
            p.segment.map { p.segmentNames[Int($0)] } == [
                "Mid-sized", "Mid-sized", "Mid-sized", "Small", "Small", "Small", "Small", "Small", "Mid-sized", "Large", "Large", "Large",
            ])
        #expect(p.fit.map(\.label) == ["good", "good", "good", "stretch", "stretch", "stretch", "bad", "bad", "bad", "good", "good", "good"])
        #expect(p.csm.map { $0 < 0 ? "" : p.csmIDs[Int($0)] } == ["jane", "jane", "jane", "tom", "tom", "tom", "", "", "ana", "ana", "ana", "ana"])
        #expect(
            p.milestone.map { $0 < 0 ? "" : p.milestoneNames[Int($0)] } == [
                "onboarded", "first-campaign", "", "onboarded", "onboarded", "", "", "", "", "", "onboarded", "",
            ])
        #expect(Self.same(p.milestoneReached.map { $0 < 0 ? .nan : Double($0) }, Self.expected["milestone_reached"] ?? []))
        #expect(
            p.features.map(\.name) == [
                "engagement.logins", "experience.nps", "experience.support_tickets", "outcome.usage_hours", "outcome.usage_trend",
                "engagement.days_since_contact", "engagement.contacts",
            ])
        for column in p.features {
            #expect(Self.same(column.values.map(Double.init), Self.expected[column.name] ?? []), "\(column.name)")
        }
        let counts = result.record.counts
        #expect(counts["resubscriptions"] == 1 && counts["events_unknown_customer"] == 1)
        #expect(counts["events_unknown_metric"] == 1 && counts["events_outside_rows"] == 3)
        #expect(result.record.columnsIgnored == ["source"])
        #expect(result.notices.contains("1 events of metrics the metrics file does not name: \"page_view\""))
        #expect(result.record.sources.map(\.role) == ["subscriptions", "events"])
        #expect(result.record.sources.allSatisfy { $0.sha256?.hasPrefix("sha256:") == true })
    }

    @Test func milestoneOrderMovesToTheNextMilestone() throws {
        let catalog = try ConfigDecoder().decode(
            MetricCatalog.self, fromFile: TestPanels.examples.appendingPathComponent("metrics.yaml").path)
        let result = try Self.importExample(
            options: RawTablesOptions(
                granularity: .quarter, metrics: catalog, milestoneOrder: ["onboarded", "first-campaign", "multi-brand"]))
        let p = result.panel
        #expect(
            p.milestone.map { $0 < 0 ? "" : p.milestoneNames[Int($0)] } == [
                "onboarded", "first-campaign", "multi-brand", "onboarded", "onboarded", "", "", "", "", "", "onboarded", "first-campaign",
            ])
        #expect(p.milestoneReached == [1, 1, 0, 0, 0, -1, -1, -1, -1, -1, 1, 0])
    }

    @Test func openPeriodAndThrough() throws {
        let catalog = try ConfigDecoder().decode(
            MetricCatalog.self, fromFile: TestPanels.examples.appendingPathComponent("metrics.yaml").path)
        let q3 = Period(year: 2024, quarter: 3)
        let open = try Self.importExample(options: RawTablesOptions(granularity: .quarter, metrics: catalog, openPeriod: q3))
        #expect(open.panel.outcomeKnown.enumerated().allSatisfy { $0.element == (open.panel.period[$0.offset] != q3) })
        let short = try Self.importExample(options: RawTablesOptions(granularity: .quarter, metrics: catalog, through: q3.advanced(by: -1)))
        #expect(short.panel.customerIDs == ["A-100", "B-200", "C-300", "D-400"])
        #expect(short.record.counts["ledger_changes_after_last_period"] == 5)
    }

    @Test func monthlyGrain() throws {
        let result = try RawTablesImporter.importFiles(
            subscriptions: TestPanels.examples.appendingPathComponent("subscriptions.csv"),
            options: RawTablesOptions(granularity: .month))
        let p = result.panel
        let a = p.period.indices.filter { p.customerIDs[Int(p.customer[$0])] == "A-100" }
        #expect(a.map { p.period[$0].label } == (1...9).map { String(format: "2024-%02d", $0) })
        // 2024-05-10: +2400 in May; 08-01 −1000 and 08-20 +2000 in August.
        #expect(a.map { p.expansionARR[$0] } == [0, 0, 0, 0, 2400, 0, 0, 2000, 0])
        #expect(a.map { p.contractionARR[$0] } == [0, 0, 0, 0, 0, 0, 0, 1000, 0])
        #expect(a.map { p.arr[$0] } == [18000, 18000, 18000, 18000, 18000, 20400, 20400, 20400, 21400])
        #expect(p.features.isEmpty && !p.hasMilestoneColumns)
    }
}

extension Array {
    func repeated(_ n: Int) -> [Element] { (0..<n).flatMap { _ in self } }
}
