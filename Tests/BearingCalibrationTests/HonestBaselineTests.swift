import BearingMetrics
import BearingPanel
import BearingVector
import Foundation
import Testing
import _TestSupport

@testable import BearingCalibration

/// The health baseline's signs come from the training data (a signs file may override them),
/// the baselines may use `attribute.*` features and the vector may not, and only the vector's
/// categories are reported as a model's own.
@Suite struct HonestBaselineTests {
    /// A book where an add-on tech-support service keeps customers (its name says "support
    /// load", a bad signal), a Pro plan (`attribute.plan=pro`) keeps them too, and usage trend is
    /// the vector's signal. True churn logit = −1.6 − 0.9·usage − 1.0·support − 0.8·pro.
    static func techSupportPanel(customers: Int = 3_000, periods: Int = 3, seed: UInt64 = 7) -> HistoryPanel {
        var rng = SyntheticChurnPanel.SplitMix(state: seed)
        let names = ["outcome.usage_trend", "experience.tech_support", "experience.nps", "attribute.plan=pro"]
        var panel = HistoryPanel(granularity: .quarter, featureNames: names)
        panel.segmentNames = ["all"]
        for c in 0..<customers {
            panel.customerIDs.append("c\(c)")
            let support: Float = rng.uniform() < 0.4 ? 1 : 0
            let pro: Float = rng.uniform() < 0.3 ? 1 : 0
            for t in 0..<periods {
                let usage = rng.normal()
                let nps = 20 * rng.normal()
                let logit = -1.6 - 0.9 * usage - 1.0 * Double(support) - 0.8 * Double(pro)
                let churned = rng.uniform() < 1 / (1 + exp(-logit))
                panel.customer.append(Int32(c))
                panel.period.append(Period(year: 2025, quarter: 1).advanced(by: t))
                panel.segment.append(0)
                panel.fit.append(.good)
                panel.csm.append(-1)
                panel.arr.append(5_000)
                panel.churned.append(churned)
                panel.expansionARR.append(0)
                panel.contractionARR.append(0)
                panel.milestone.append(-1)
                panel.milestoneReached.append(-1)
                for (j, v) in [Float(usage), support, Float(nps), pro].enumerated() { panel.features[j].values.append(v) }
                if churned { break }
            }
        }
        return panel
    }

    static let options = CalibrationOptions(c: 1, threads: 1, bearingVersion: "test")

    @Test func healthSignsComeFromTheTrainingData() throws {
        let panel = Self.techSupportPanel()
        let rows = Array(0..<Int32(panel.rowCount))
        let result = try Calibrator.calibrate(panel, model: .health, rows: rows, options: Self.options)
        let signs = Dictionary(uniqueKeysWithValues: result.report.signs.map { ($0.feature, $0) })
        let support = try #require(signs["experience.tech_support"])
        // The name says "support load is bad"; the data says the service keeps customers.
        #expect(support.sign == 1 && support.source == .correlation && support.nameSign == -1)
        #expect(signs["outcome.usage_trend"]?.sign == 1)
        #expect(signs["attribute.plan=pro"]?.sign == 1 && signs["attribute.plan=pro"]?.nameSign == nil)
        #expect(result.report.signs.count == panel.features.count)
        // Health weighs churn down where the service is: its churn weight is negative.
        let weight = try #require(result.weights.features.first { $0.name == "experience.tech_support" })
        #expect(weight.churn < 0)

        // A signs file overrides the data.
        var overridden = Self.options
        overridden.healthSigns = try HealthSignOverrides(["experience.tech_support": -1])
        let forced = try Calibrator.calibrate(panel, model: .health, rows: rows, options: overridden)
        let forcedSign = try #require(forced.report.signs.first { $0.feature == "experience.tech_support" })
        #expect(forcedSign.sign == -1 && forcedSign.source == .signsFile)
        #expect(forced.report.signs.first { $0.feature == "outcome.usage_trend" }?.source == .correlation)
        // Out of sample the data's sign scores better than the name's.
        let test = Self.techSupportPanel(seed: 99)
        func auc(_ w: Weights) throws -> Double {
            let scored = try Scoring.score(test, rows: Array(0..<Int32(test.rowCount)), weights: w)
            return try ClassifierMetrics.auc(labels: test.churned, scores: scored.probabilities)
        }
        #expect(try auc(result.weights) > auc(forced.weights) + 0.02)
    }

    /// Hand calculation: x = [1, 0, 1, 0, NaN], churned = [no, yes, no, yes, yes]. Without the
    /// NaN row: mean x = 0.5, mean(not churned) = 0.5, covariance = Σ(x − 0.5)(y − 0.5)/4 =
    /// 4·0.25/4 = 0.25 > 0, so the sign is +1. Reversing the outcomes gives −1; a constant
    /// feature has no direction and falls back to its name.
    @Test func correlationSignByHand() {
        let x: [Float] = [1, 0, 1, 0, .nan]
        #expect(HealthSigns.correlationSign(values: x[...], churned: [false, true, false, true, true][...]) == 1)
        #expect(HealthSigns.correlationSign(values: x[...], churned: [true, false, true, false, false][...]) == -1)
        #expect(HealthSigns.correlationSign(values: [2, 2, 2][...], churned: [true, false, false][...]) == nil)
        let constant = HealthSigns.sign(
            feature: "experience.ces", values: [3, 3, 3][...], churned: [true, false, false][...], overrides: nil)
        #expect(constant.sign == -1 && constant.source == .badMarker)
        let unknown = HealthSigns.sign(feature: "outcome.zz", values: [3, 3][...], churned: [true, false][...], overrides: nil)
        #expect(unknown.sign == 1 && unknown.source == .noSignal)
    }

    @Test func signsFileDecodesAndIsChecked() throws {
        let decoded = try JSONDecoder().decode(
            HealthSignOverrides.self, from: Data(#"{"experience.tech_support": 1, "experience.ces": -1}"#.utf8))
        #expect(decoded.signs == ["experience.tech_support": 1, "experience.ces": -1])
        #expect(try JSONDecoder().decode(HealthSignOverrides.self, from: JSONEncoder().encode(decoded)) == decoded)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(HealthSignOverrides.self, from: Data(#"{"experience.ces": 2}"#.utf8))
        }
        #expect(throws: CalibrationError.invalidOption("the sign of 'x' must be 1 or -1, found 0")) { try HealthSignOverrides(["x": 0]) }
        var options = Self.options
        options.healthSigns = try HealthSignOverrides(["experience.tech_supprt": 1])
        let panel = Self.techSupportPanel(customers: 300)
        #expect {
            try Calibrator.calibrate(panel, model: .health, rows: Array(0..<Int32(panel.rowCount)), options: options)
        } throws: { error in
            (error as? CalibrationError)?.description.contains("names 'experience.tech_supprt', not a feature of the history") == true
        }
    }

    /// Baselines use `attribute.*` features; the vector never does.
    @Test func attributesFeedTheBaselinesOnly() throws {
        let panel = Self.techSupportPanel()
        let rows = Array(0..<Int32(panel.rowCount))
        var without = panel
        without.features.removeLast()
        for model in [ModelKind.logistic, .health] {
            let w = try Calibrator.calibrate(panel, model: model, rows: rows, options: Self.options).weights
            let plan = try #require(w.features.first { $0.name == "attribute.plan=pro" }, "\(model)")
            #expect(plan.group == .attribute && plan.churn < 0 && plan.direction == 0 && plan.magnitude == 0)
            try w.validate()
        }
        let vector = try Calibrator.calibrate(panel, model: .vector, rows: rows, options: Self.options).weights
        let vectorWithout = try Calibrator.calibrate(without, model: .vector, rows: rows, options: Self.options).weights
        #expect(!vector.features.contains { $0.group == .attribute })
        #expect(vector == vectorWithout)
    }

    /// Category and cohort tables belong to the vector only.
    @Test func onlyTheVectorOwnsItsCategories() throws {
        let panel = SyntheticChurnPanel.make(customers: 600, periods: 5, seed: 4)
        let rows = PanelRows.rows(of: panel, through: panel.distinctPeriods[3])
        let options = CalibrationOptions(candidateCs: [1], threads: 1, bearingVersion: "test")
        for model in [ModelKind.vector, .logistic, .health] {
            let report = try Calibrator.calibrate(panel, model: model, rows: rows, options: options).report
            #expect(report.ownsCategories == (model == .vector), "\(model)")
        }
        let both = try Backtest.run(panel, options: BacktestOptions(calibration: options, bootstrap: .off))
        #expect(both.overall.map(\.ownsCategories) == [true, false, false])
        let table = both.renderTable()
        #expect(table.contains("Churn by category") && table.contains("Churn by cohort"))
        let start = try #require(table.range(of: "Churn by category")).lowerBound
        let end = table.range(of: "\nNotes")?.lowerBound ?? table.endIndex
        let categoryTable = table[start..<end]
        #expect(!categoryTable.contains("logistic ") && !categoryTable.contains("health "))
        let baselines = try Backtest.run(panel, options: BacktestOptions(models: [.logistic, .health], calibration: options, bootstrap: .off))
        #expect(!baselines.renderTable().contains("Churn by category"))
    }
}
