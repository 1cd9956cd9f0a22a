import BearingMetrics
import Testing

@testable import BearingCalibration

/// DeLong against a brute-force implementation over all (churner, non-churner) pairs
/// (`reference/statistics_reference.py`: numpy, scipy 1.17, scikit-learn 1.9 for the AUCs),
/// and against the published worked example of Hanley & McNeil (1982).
@Suite struct DeLongTests {
    struct Reference: Sendable {
        var seed: UInt64
        var n: Int
        var aucA: Double
        var aucB: Double
        var varA: Double
        var varB: Double
        var cov: Double
        var z: Double
        var p: Double
    }

    static let references = [
        Reference(
            seed: 1, n: 300, aucA: 0.9059986959356661, aucB: 0.6855031514888069, varA: 0.00028441242487180137,
            varB: 0.0010891485296257552, cov: 0.00043490144506175944, z: 9.824010371987173, p: 8.874132481564793e-23),
        Reference(
            seed: 2, n: 40, aucA: 0.9587813620071685, aucB: 0.8476702508960573, varA: 0.0008646899877099898,
            varB: 0.005610261087772939, cov: 0.0018451340981402266, z: 2.105569680155133, p: 0.03524174867760222),
    ]

    /// AUCs to 1e-15; variances and covariance to 1e-12 relative (the midrank and the pairwise
    /// sums round differently); z to 1e-10 and p to 1e-8 relative.
    @Test(arguments: references)
    func pairedTestMatchesBruteForce(ref: Reference) throws {
        let data = StatisticsData.delongDataset(n: ref.n, seed: ref.seed)
        let c = try DeLong.compare(labels: data.labels, scoresA: data.a, scoresB: data.b)
        #expect(abs(c.a.auc - ref.aucA) < 1e-15)
        #expect(abs(c.b.auc - ref.aucB) < 1e-15)
        #expect(abs(c.a.variance / ref.varA - 1) < 1e-12)
        #expect(abs(c.b.variance / ref.varB - 1) < 1e-12)
        #expect(abs(c.covariance / ref.cov - 1) < 1e-12)
        #expect(abs(c.z / ref.z - 1) < 1e-10)
        #expect(abs(c.pValue / ref.p - 1) < 1e-8, "p \(c.pValue) vs \(ref.p)")
        // The AUC is ClassifierMetrics'.
        #expect(abs(c.a.auc - (try ClassifierMetrics.auc(labels: data.labels, scores: data.a))) < 1e-15)
        let single = try DeLong.estimate(labels: data.labels, scores: data.b)
        #expect(single.variance == c.b.variance)
    }

    /// Hanley & McNeil (1982), Radiology 143:29–36, Table 1: CT ratings of 58 normal and 51
    /// abnormal patients. Published area 0.893 (SE 0.032 by their approximation); the DeLong SE
    /// from the brute-force reference is 0.030724408379 (variance 0.0009439892702629846).
    @Test func hanleyMcNeilWorkedExample() throws {
        let normal = [33, 6, 6, 11, 2]
        let abnormal = [3, 2, 2, 11, 33]
        var labels: [Bool] = []
        var ratings: [Double] = []
        for (rating, count) in normal.enumerated() {
            ratings += Array(repeating: Double(rating + 1), count: count)
            labels += Array(repeating: false, count: count)
        }
        for (rating, count) in abnormal.enumerated() {
            ratings += Array(repeating: Double(rating + 1), count: count)
            labels += Array(repeating: true, count: count)
        }
        let e = try DeLong.estimate(labels: labels, scores: ratings)
        #expect(abs(e.auc - 0.8931710615280596) < 1e-15)
        #expect((e.auc * 1000).rounded() / 1000 == 0.893)
        #expect(abs(e.variance / 0.0009439892702629846 - 1) < 1e-12)
        #expect(abs(e.standardError - 0.032) < 0.002)
        let interval = try #require(e.interval())
        #expect(abs(interval.high - interval.low - 2 * 1.959963984540054 * e.standardError) < 1e-12)
    }

    @Test func degenerateSamples() throws {
        // One class only: AUC and variance undefined. One churner: AUC defined, variance not.
        let one = try DeLong.estimate(labels: [false, false, false], scores: [0.1, 0.2, 0.3])
        #expect(one.auc.isNaN && one.variance.isNaN)
        let single = try DeLong.estimate(labels: [true, false, false], scores: [0.3, 0.2, 0.1])
        #expect(single.auc == 1 && single.variance.isNaN && single.interval() == nil)
        // Identical rankings: zero variance of the difference, no z.
        let d = StatisticsData.delongDataset(n: 100, seed: 3)
        let same = try DeLong.compare(labels: d.labels, scoresA: d.a, scoresB: d.a.map { $0 * 0.5 + 0.1 })
        #expect(abs(same.variance) < 1e-18 && same.z.isNaN)
        #expect(throws: CalibrationError.self) { try DeLong.estimate(labels: [true], scores: [0.1, 0.2]) }
    }

    @Test func midranks() {
        #expect(DeLong.midranks([3, 1, 3, 2, 3]) == [4, 1, 4, 2, 4])
        #expect(DeLong.midranks([]) == [])
    }
}
