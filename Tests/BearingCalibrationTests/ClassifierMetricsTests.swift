import Foundation
import Testing

@testable import BearingCalibration

/// Metric values against scikit-learn 1.9 on `Fixtures/scores.csv` (2,000 rows, many tied
/// probabilities, exact 0 and 1, ten values on a bin edge). References in `reference.json`.
@Suite struct ClassifierMetricsTests {
    @Test func headlineMetricsMatchScikitLearn() throws {
        let data = try FixtureData.scores("scores.csv")
        let ref = try FixtureData.reference().metrics
        let y = data.labels
        let p = data.probabilities
        #expect(abs(try ClassifierMetrics.auc(labels: y, scores: p) - ref.auc) < 1e-12)
        #expect(abs(try ClassifierMetrics.brierScore(labels: y, probabilities: p) - ref.brier) < 1e-12)
        #expect(abs(try ClassifierMetrics.logLoss(labels: y, probabilities: p) - ref.log_loss) < 1e-12)
        #expect(abs(try ClassifierMetrics.expectedCalibrationError(labels: y, probabilities: p) - ref.ece) < 1e-12)
        #expect(abs(try ClassifierMetrics.topDecileLift(labels: y, scores: p) - ref.top_decile_lift) < 1e-12)
        let summary = try ClassifierSummary(labels: y, probabilities: p)
        #expect(summary.auc == (try ClassifierMetrics.auc(labels: y, scores: p)))
        #expect(summary.rows == 2000)
    }

    @Test func reliabilityCurveMatchesCalibrationCurve() throws {
        let data = try FixtureData.scores("scores.csv")
        let ref = try FixtureData.reference().metrics.reliability
        let points = try ClassifierMetrics.reliabilityCurve(labels: data.labels, probabilities: data.probabilities)
        try #require(points.count == ref.count.count)
        for (point, i) in zip(points, points.indices) {
            #expect(point.count == ref.count[i])
            #expect(abs(point.meanPredicted - ref.mean_predicted[i]) < 1e-12)
            #expect(abs(point.fractionPositive - ref.fraction_positive[i]) < 1e-12)
        }
    }

    @Test(arguments: [true, false])
    func rocCurveMatchesScikitLearn(dropIntermediate: Bool) throws {
        let data = try FixtureData.scores("scores.csv")
        let metrics = try FixtureData.reference().metrics
        let ref = dropIntermediate ? metrics.roc : metrics.roc_all
        let points = try ClassifierMetrics.rocCurve(
            labels: data.labels, scores: data.probabilities, dropIntermediate: dropIntermediate)
        try #require(points.count == ref.fpr.count)
        for (point, i) in zip(points, points.indices) {
            #expect(abs(point.falsePositiveRate - ref.fpr[i]) < 1e-15)
            #expect(abs(point.truePositiveRate - ref.tpr[i]) < 1e-15)
            if let thresholds = ref.thresholds {
                #expect(point.threshold == (thresholds[i] ?? .infinity))
            }
        }
    }

    /// Hand computations on four rows.
    @Test func handComputedSmallCase() throws {
        let y = [true, false, true, false]
        let p = [0.8, 0.4, 0.4, 0.1]
        // Pairs (churner, non-churner): (0.8,0.4)=1, (0.8,0.1)=1, (0.4,0.4)=0.5, (0.4,0.1)=1 → 3.5/4.
        #expect(abs(try ClassifierMetrics.auc(labels: y, scores: p) - 0.875) < 1e-15)
        // (0.04 + 0.16 + 0.36 + 0.01) / 4.
        #expect(abs(try ClassifierMetrics.brierScore(labels: y, probabilities: p) - 0.1425) < 1e-15)
        let ll = -(log(0.8) + log(0.6) + log(0.4) + log(0.9)) / 4
        #expect(abs(try ClassifierMetrics.logLoss(labels: y, probabilities: p) - ll) < 1e-15)
        // Top 10% of 4 rows = 1 row (0.8, churned): rate 1 over base 0.5.
        #expect(try ClassifierMetrics.topDecileLift(labels: y, scores: p) == 2)
        // Top 50% = 2 rows: 0.8 plus one of the two tied at 0.4 (half a churner): 1.5/2 / 0.5.
        #expect(try ClassifierMetrics.topDecileLift(labels: y, scores: p, fraction: 0.5) == 1.5)
        #expect(try ClassifierMetrics.auc(labels: [true, true], scores: [0.1, 0.2]).isNaN)
        #expect(throws: CalibrationError.self) { try ClassifierMetrics.brierScore(labels: y, probabilities: [0.1]) }
        #expect(throws: CalibrationError.self) { try ClassifierMetrics.reliabilityCurve(labels: [true], probabilities: [1.5]) }
    }

    @Test func thinnedROCKeepsExactPointsAndEnds() throws {
        let data = try FixtureData.scores("scores.csv")
        // Distinct scores so the curve is long.
        let scores = data.probabilities.enumerated().map { $1 + Double($0) * 1e-9 }
        let full = try ClassifierMetrics.rocCurve(labels: data.labels, scores: scores)
        let thin = ClassifierMetrics.thinned(full, points: 50)
        #expect(full.count > 200)
        #expect(thin.count <= 51 + 1)
        #expect(thin.first == full.first)
        #expect(thin.last == full.last)
        #expect(thin.allSatisfy { full.contains($0) })
        #expect(zip(thin, thin.dropFirst()).allSatisfy { $0.falsePositiveRate <= $1.falsePositiveRate })
        // JSON: the +inf threshold of the first point is null and comes back as +inf.
        let json = try JSONEncoder().encode(thin)
        #expect(String(decoding: json, as: UTF8.self).contains("\"threshold\":null"))
        #expect(try JSONDecoder().decode([ROCPoint].self, from: json) == thin)
    }
}
