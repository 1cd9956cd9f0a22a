import Testing

@testable import BearingRandom

struct AliasTableTests {
    @Test(arguments: [[1.0, 0, 2, 7], [0.5], [3, 3, 3], [0.001, 100, 0, 0.5, 2.5, 10, 0]])
    func frequenciesMatchWeights(weights: [Double]) throws {
        let table = try #require(AliasTable(weights: weights))
        var s = RandomStream(seed: 15, trial: 0, customer: 0, period: 0)
        let n = 200_000
        var counts = [Int](repeating: 0, count: weights.count)
        for _ in 0..<n { counts[table.sample(using: &s)] += 1 }
        let total = weights.reduce(0, +)
        var chi2 = 0.0
        var cells = 0
        for (i, w) in weights.enumerated() {
            if w == 0 {
                #expect(counts[i] == 0)
                continue
            }
            let e = Double(n) * w / total
            chi2 += (Double(counts[i]) - e) * (Double(counts[i]) - e) / e
            cells += 1
        }
        // α = 0.001 critical values of chi-square for up to 4 degrees of freedom.
        let critical = [0, 10.83, 13.82, 16.27, 18.47]
        #expect(chi2 < critical[max(cells - 1, 0)] || cells == 1)
    }

    @Test func matchesExactProbabilitiesInTheTable() throws {
        // The table itself, read as a mixture, reproduces the weights: P(i) = (keep[i] +
        // Σ_{j: alias[j] = i} (1 − keep[j])) / n.
        let weights = [0.1, 0.0, 0.25, 0.65, 0.0, 1e-9]
        let table = try #require(AliasTable(weights: weights))
        var p = [Double](repeating: 0, count: weights.count)
        for j in 0..<table.count {
            p[j] += table.keep[j]
            p[table.alias[j]] += 1 - table.keep[j]
        }
        let total = weights.reduce(0, +)
        for i in weights.indices {
            #expect(abs(p[i] / Double(weights.count) - weights[i] / total) < 1e-12)
        }
    }

    @Test func rejectsDegenerateWeights() {
        #expect(AliasTable(weights: []) == nil)
        #expect(AliasTable(weights: [0, -1, .nan]) == nil)
        #expect(AliasTable(weights: [1, .infinity]) == nil)
    }

    @Test(arguments: [UInt64(0), ~0])
    func survivesDegenerateWords(word: UInt64) throws {
        let table = try #require(AliasTable(weights: [0, 1, 0, 2]))
        var g = ConstantWords(word: word)
        let i = table.sample(using: &g)
        #expect(i == 1 || i == 3)
    }
}
