import Foundation
import Testing
import _TestSupport

@testable import BearingCalibration

/// `RankedScores` against `ClassifierMetrics` (itself checked against scikit-learn) on the same
/// values widened to Double: bit-identical AUC and lift, since both add the same integer counts
/// in the same order.
@Suite struct RankedScoresTests {
    static func check(_ labels: [Bool], _ probabilities: [Float], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let ranked = try RankedScores(probabilities: probabilities, labels: labels)
        let wide = probabilities.map(Double.init)
        let auc = try ClassifierMetrics.auc(labels: labels, scores: wide)
        #expect(ranked.auc.bitPattern == auc.bitPattern || (ranked.auc.isNaN && auc.isNaN), sourceLocation: sourceLocation)
        for fraction in [0.1, 0.05, 0.37, 1.0] {
            let lift = try ClassifierMetrics.topDecileLift(labels: labels, scores: wide, fraction: fraction)
            let mine = try ranked.topDecileLift(fraction: fraction)
            #expect(mine.bitPattern == lift.bitPattern || (mine.isNaN && lift.isNaN), "fraction \(fraction)", sourceLocation: sourceLocation)
        }
        #expect(ranked.rowCount == labels.count)
        #expect(ranked.positiveCount == labels.filter { $0 }.count)
        #expect(zip(ranked.scores, ranked.scores.dropFirst()).allSatisfy { $0 > $1 }, "distinct scores, descending")
    }

    /// The scikit-learn fixture (2,000 rows, many ties, exact 0 and 1), as Float.
    @Test func fixtureMatchesClassifierMetrics() throws {
        let data = try FixtureData.scores("scores.csv")
        try Self.check(data.labels, data.probabilities.map(Float.init))
    }

    /// Seeded sets with heavy ties (scores on a grid of 1, 7 or 1,000 values), negative zero,
    /// one class only, a single row and no rows.
    @Test(arguments: [0, 1, 2, 3, 17, 1000, 5000])
    func seededSetsMatchClassifierMetrics(size: Int) throws {
        var rng = SyntheticChurnPanel.SplitMix(state: UInt64(size) &+ 99)
        for levels in [1, 7, 1000] {
            var labels: [Bool] = []
            var scores: [Float] = []
            for _ in 0..<size {
                let level = Int(rng.next() % UInt64(levels))
                let score = Float(level) / Float(max(1, levels - 1))
                scores.append(score == 0 && rng.uniform() < 0.5 ? -0.0 : score)
                labels.append(rng.uniform() < 0.2 + 0.5 * Double(score))
            }
            try Self.check(labels, scores)
            try Self.check([Bool](repeating: true, count: size), scores)
        }
    }

    @Test func refusesNaNAndLengthMismatch() {
        #expect(throws: CalibrationError.self) { try RankedScores(probabilities: [0.1, .nan], labels: [true, false]) }
        #expect(throws: CalibrationError.self) { try RankedScores(probabilities: [0.1], labels: [true, false]) }
        #expect(throws: CalibrationError.self) { try RankedScores(probabilities: [0.1], labels: [true]).topDecileLift(fraction: 0) }
    }

    /// The radix keys order every Float as the values do.
    @Test func orderableKeysKeepTheOrder() {
        let values: [Float] = [-.infinity, -3, -1e-30, -0.0, 0, .leastNonzeroMagnitude, 0.1, 0.5, 1, 7e30, .infinity]
        let keys = values.map(RankedScores.orderable)
        #expect(zip(keys, keys.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(keys[3] == keys[4], "-0 and +0 tie, as their values do")
        for v in values where v != 0 { #expect(RankedScores.float(fromOrderable: RankedScores.orderable(v)) == v) }
    }
}
