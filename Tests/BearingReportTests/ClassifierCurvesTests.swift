import Testing

@testable import BearingReport

struct ClassifierCurvesTests {
    /// AUC against the pairwise definition (each churner/non-churner pair ordered correctly
    /// counts 1, ties 1/2), computed by brute force, on data with many ties.
    @Test func aucMatchesPairwiseCount() {
        var state: UInt64 = 42
        func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        let n = 600
        var p: [Double] = []
        var y: [Bool] = []
        for _ in 0..<n {
            let prob = (next() * 20).rounded() / 20
            p.append(prob)
            y.append(next() < prob * 0.8 + 0.05)
        }
        var wins = 0.0
        var pairs = 0.0
        for i in 0..<n where y[i] {
            for j in 0..<n where !y[j] {
                pairs += 1
                wins += p[i] > p[j] ? 1 : p[i] == p[j] ? 0.5 : 0
            }
        }
        let curves = ClassifierCurves(probabilities: p, outcomes: y)
        #expect(abs(curves.auc - wins / pairs) < 1e-12)
        #expect(curves.roc.first! == (fpr: 0, tpr: 0))
        #expect(curves.roc.last! == (fpr: 1, tpr: 1))
        for k in 1..<curves.roc.count {
            #expect(curves.roc[k].fpr >= curves.roc[k - 1].fpr && curves.roc[k].tpr >= curves.roc[k - 1].tpr)
        }
    }

    @Test func perfectAndChanceRankings() {
        let perfect = ClassifierCurves(probabilities: [0.9, 0.8, 0.2, 0.1], outcomes: [true, true, false, false])
        #expect(perfect.auc == 1)
        let tied = ClassifierCurves(probabilities: [0.5, 0.5, 0.5, 0.5], outcomes: [true, false, true, false])
        #expect(tied.auc == 0.5)
        #expect(ClassifierCurves(probabilities: [0.1, 0.2], outcomes: [false, false]).auc.isNaN)
    }

    @Test func reliabilityBinsAreEqualCountAndAverageCorrectly() {
        let p = (0..<100).map { Double($0) / 100 }
        let y = (0..<100).map { $0 % 4 == 0 }
        let curves = ClassifierCurves(probabilities: p, outcomes: y, bins: 10)
        #expect(curves.reliability.count == 10)
        #expect(curves.reliability.allSatisfy { $0.rows == 10 })
        let first = curves.reliability[0]
        #expect(abs(first.meanProbability - 0.045) < 1e-12)
        #expect(abs(first.churnRate - 0.3) < 1e-12)  // 0, 4, 8 of 0...9
        #expect(curves.reliability.map(\.meanProbability) == curves.reliability.map(\.meanProbability).sorted())
    }

    @Test func rocIsThinnedToTheLimit() {
        let p = (0..<5_000).map { Double($0) / 5_000 }
        let y = (0..<5_000).map { $0 % 3 == 0 }
        let curves = ClassifierCurves(probabilities: p, outcomes: y, maxPoints: 200)
        #expect(curves.roc.count == 200)
        #expect(curves.rows == 5_000)
    }

    @Test func nonFiniteProbabilitiesAreSkipped() {
        let curves = ClassifierCurves(probabilities: [.nan, 0.9, 0.1], outcomes: [true, true, false])
        #expect(curves.rows == 2)
        #expect(curves.auc == 1)
    }
}
