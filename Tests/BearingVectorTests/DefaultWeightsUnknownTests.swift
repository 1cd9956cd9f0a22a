import BearingPanel
import Foundation
import Testing
import _TestSupport

@testable import BearingVector

/// The default weights ignore `attribute.*` columns and rows whose outcome is unknown.
@Suite struct DefaultWeightsUnknownTests {
    @Test func attributesGetNoSpecAndUnknownRowsNoVoteInTheChurnRate() {
        var panel = SyntheticChurnPanel.make(customers: 300, periods: 3, seed: 4)
        panel.features.append(FeatureColumn(name: "attribute.seats", group: .attribute, values: Array(repeating: 3, count: panel.rowCount)))
        let before = DefaultWeights.make(for: panel, bearingVersion: "t")
        #expect(!before.features.contains { $0.group == .attribute })
        // Marking every surviving row of the last period unknown raises the churn rate among
        // the rows that still have an outcome: churned / known rows.
        let last = panel.distinctPeriods.last ?? Period(year: 2024, quarter: 1)
        for r in 0..<panel.rowCount where panel.period[r] == last && !panel.churned[r] { panel.markOutcomeUnknown(r) }
        let known = (0..<panel.rowCount).filter { panel.isOutcomeKnown($0) }
        let rate = Double(known.filter { panel.churned[$0] }.count) / Double(known.count)
        let after = DefaultWeights.make(for: panel, bearingVersion: "t")
        #expect(abs(after.churnLink.intercept - log(rate / (1 - rate))) < 1e-12)
        #expect(after.features == before.features)
    }
}
