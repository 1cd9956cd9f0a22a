import BearingPanel
import Foundation
import Testing

@testable import BearingVector

/// Which features the default weights understood by name, and the warning when few or none were.
@Suite struct DefaultWeightsCoverageTests {
    @Test func recognisedNamesAndNoWarning() {
        let coverage = DefaultWeightsCoverage(features: [
            ("outcome.usage_trend", .outcome), ("experience.nps", .experience), ("experience.ces", .experience),
            ("engagement.days_since_contact", .engagement), ("outcome.zz_index", .outcome), ("attribute.plan=pro", .attribute),
        ])
        #expect(
            coverage.recognised.map(\.feature) == [
                "outcome.usage_trend", "experience.nps", "experience.ces", "engagement.days_since_contact",
            ])
        #expect(coverage.recognised.map(\.sign) == [1, 1, -1, -1])
        #expect(coverage.recognised.map(\.marker) == ["usage", "nps", "ces", "days_since"])
        #expect(coverage.unrecognised == ["outcome.zz_index"])
        #expect(coverage.ignored == ["attribute.plan=pro"])
        #expect(coverage.warning == nil)
    }

    /// A CRM export whose columns match none of the vocabulary: every sign is a guess.
    @Test func noneRecognisedWarns() {
        let coverage = DefaultWeightsCoverage(features: [
            ("outcome.monthly_charges", .outcome), ("outcome.tenure", .outcome), ("experience.paperless_billing", .experience),
        ])
        #expect(coverage.recognised.isEmpty && coverage.unrecognised.count == 3)
        #expect(coverage.warning?.hasPrefix("none of the 3 feature names matched Bearing's vocabulary") == true)
        #expect(coverage.warning?.contains("--weights") == true)
        let few = DefaultWeightsCoverage(features: [
            ("outcome.usage_trend", .outcome), ("outcome.a", .outcome), ("outcome.b", .outcome), ("experience.c", .experience),
        ])
        #expect(few.warning?.hasPrefix("only 1 of 4 feature names matched") == true)
        let attributesOnly = DefaultWeightsCoverage(features: [("attribute.contract=monthly", .attribute)])
        #expect(attributesOnly.warning?.contains("has none") == true)
    }

    /// The default weights are the same whether built from the panel or from column summaries.
    @Test func madeFromSummariesEqualsMadeFromThePanel() {
        var panel = HistoryPanel(granularity: .quarter, featureNames: ["outcome.usage_trend", "experience.nps", "engagement.logins"])
        panel.customerIDs = ["a", "b", "c"]
        let table: [[Float]] = [[1, 5, 3], [2, .nan, 9], [-1, 7, 4]]
        for (i, values) in table.enumerated() {
            panel.customer.append(Int32(i))
            panel.period.append(Period(year: 2025, quarter: 1))
            panel.segment.append(0)
            panel.fit.append(.good)
            panel.csm.append(-1)
            panel.arr.append(1)
            panel.churned.append(i == 1)
            panel.expansionARR.append(0)
            panel.contractionARR.append(0)
            panel.milestone.append(-1)
            panel.milestoneReached.append(-1)
            for j in 0..<3 { panel.features[j].values.append(values[j]) }
        }
        let w = DefaultWeights.make(for: panel, bearingVersion: "t")
        let means: [Double] = [2.0 / 3, 6, 16.0 / 3]
        #expect(w.features.map(\.mean) == means)
        #expect(w.features[1].missing == 1 && w.features[1].count == 2)
        #expect(abs(w.churnLink.intercept - log(0.5)) < 1e-15)
        #expect(DomainSign.of("experience.tech_support") == -1)
        #expect(DomainSign.recognise("outcome.zz") == nil)
    }
}
