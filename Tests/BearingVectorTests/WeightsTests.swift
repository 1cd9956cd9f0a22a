import BearingPanel
import Foundation
import Testing

@testable import BearingVector

@Suite struct WeightsTests {
    @Test func jsonRoundTripIsStable() throws {
        var w = Fixture.weights(kind: .logistic)
        w.provenance = Provenance(
            source: "calibrate", dataFile: "history.csv", dataHash: "sha256:00ff",
            periods: [Period(year: 2025, quarter: 1), Period(year: 2025, quarter: 2)], seed: 7, bearingVersion: "0.1.0")
        let data = try w.jsonData()
        let back = try Weights(jsonData: data)
        #expect(back == w)
        #expect(try back.jsonData() == data)
        let text = try #require(String(data: data, encoding: .utf8))
        // Sorted keys, pretty printed, periods as labels.
        #expect(text.contains("\"2025-Q1\""))
        let churnLink = try #require(text.range(of: "\"churnLink\""))
        let features = try #require(text.range(of: "\"features\""))
        #expect(churnLink.lowerBound < features.lowerBound)
        #expect(text.contains("\n  \"kind\" : \"logistic\""))
    }

    @Test func fileRoundTrip() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bearing-weights-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("weights.json")
        try Fixture.weights().write(to: url)
        #expect(try Weights(contentsOf: url) == Fixture.weights())
        #expect(throws: WeightsError.self) { try Weights(contentsOf: dir.appendingPathComponent("absent.json")) }
    }

    @Test func validationNamesTheProblem() throws {
        var w = Fixture.weights()
        w.features[1].sd = 0
        #expect(throws: WeightsError.nonPositiveSD(feature: "outcome.milestone_progress", sd: 0)) { try w.validate() }
        w = Fixture.weights()
        w.thresholds.ghost.append(GhostRule(feature: "engagement.meetings", side: .below, threshold: 1))
        #expect(throws: WeightsError.unknownGhostFeature("engagement.meetings")) { try w.validate() }
        w = Fixture.weights()
        w.thresholds.negativeDirection = 0.5
        #expect(throws: WeightsError.thresholdsOutOfOrder(negative: 0.5, positive: 0.2)) { try w.validate() }
        w = Fixture.weights()
        w.features[0].group = .experience
        #expect(throws: WeightsError.groupMismatch(feature: "outcome.usage_trend", declared: "experience")) { try w.validate() }
        w = Fixture.weights()
        w.format = 2
        #expect(throws: WeightsError.unsupportedFormat(found: 2, supported: 1)) { try w.validate() }
        let bad = Data(#"{"kind": "vector"}"#.utf8)
        do {
            _ = try Weights(jsonData: bad)
            Issue.record("decoded weights without features")
        } catch {
            #expect("\(error)".contains("missing key"))
        }
    }

    @Test func domainSigns() {
        #expect(DomainSign.of("outcome.usage_trend") == 1)
        #expect(DomainSign.of("outcome.milestone_progress") == 1)
        #expect(DomainSign.of("experience.nps") == 1)
        #expect(DomainSign.of("experience.csat") == 1)
        #expect(DomainSign.of("experience.ces") == -1)
        #expect(DomainSign.of("experience.support_load") == -1)
        #expect(DomainSign.of("engagement.days_since_contact") == -1)
        #expect(DomainSign.of("outcome.process_coverage") == 1)
    }

    /// Default weights on a 4-row panel: hand-computed means and population sds, signs, ghost rule.
    /// usage_trend 1, 2, 3, missing → mean 2, sd sqrt(2/3); ces 4, 4, 4, 4 → sd 1 (constant).
    @Test func defaultWeightsFromPanel() throws {
        var panel = HistoryPanel(
            granularity: .quarter,
            featureNames: ["outcome.usage_trend", "experience.nps", "experience.ces", "engagement.days_since_contact"])
        panel.customerIDs = ["a", "b", "c", "d"]
        panel.segmentNames = ["smb"]
        for i in 0..<4 {
            panel.customer.append(Int32(i))
            panel.period.append(Period(year: 2025, quarter: 1))
            panel.segment.append(0)
            panel.fit.append(.good)
            panel.csm.append(-1)
            panel.arr.append(1000)
            panel.churned.append(i == 0)
            panel.expansionARR.append(0)
            panel.contractionARR.append(0)
            panel.milestone.append(-1)
            panel.milestoneReached.append(-1)
        }
        panel.features[0].values = [1, 2, 3, .nan]
        panel.features[1].values = [10, 20, 30, 40]
        panel.features[2].values = [4, 4, 4, 4]
        panel.features[3].values = [5, 100, 10, 20]
        let w = DefaultWeights.make(for: panel, bearingVersion: "test")
        try w.validate()
        #expect(w.features[0].mean == 2 && abs(w.features[0].sd - (2.0 / 3).squareRoot()) < 1e-12)
        #expect(w.features[0].missing == 1 && w.features[0].count == 3)
        #expect(w.features[0].direction == 1)
        #expect(abs(w.features[1].magnitude - 1 / 2.0.squareRoot()) < 1e-12)
        #expect(abs(w.features[2].magnitude + 1 / 2.0.squareRoot()) < 1e-12)
        #expect(w.features[2].sd == 1)
        #expect(w.thresholds.ghost == [GhostRule(feature: "engagement.days_since_contact", side: .above, threshold: 90)])
        #expect(abs(w.churnLink.intercept - log(0.25 / 0.75)) < 1e-12)
        #expect(w.provenance.source == "default")
        let scores = try PanelScores(panel: panel, weights: w)
        #expect(scores.scores.vectorCategory(1) == .ghost)
        #expect(scores.cohorts[1] == .goodFitGoneDark)
        #expect(scores.missing["outcome.usage_trend"] == 1)
    }
}
