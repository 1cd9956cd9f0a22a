import BearingPanel
import Foundation
import Testing

@testable import BearingVector

/// Seeded SplitMix64, so every case is repeatable and names its seed when it fails.
struct SplitMix {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }
}

enum Fixture {
    static let names = [
        "outcome.usage_trend", "outcome.milestone_progress", "outcome.adoption",
        "experience.nps", "experience.csat", "experience.ces", "experience.support_load",
        "engagement.days_since_contact", "engagement.logins",
    ]

    /// A weights value exercising every term kind: direction, magnitude, direct churn terms,
    /// both ghost sides, non-zero biases.
    static func weights(kind: ModelKind = .vector) -> Weights {
        var specs: [WeightedFeature] = []
        for (j, name) in names.enumerated() {
            guard let group = FeatureGroup(columnName: name) else { continue }
            var s = WeightedFeature(name: name, group: group, mean: 0.3 * Double(j) - 1, sd: 0.5 + 0.25 * Double(j))
            switch group {
            case .outcome: s.direction = [0.7, 0.5, -0.3][j]
            case .experience: s.magnitude = [0.6, 0.4, -0.5, -0.2][j - 3]
            case .engagement, .attribute: break
            }
            if kind != .vector { s.churn = 0.1 * Double(j) - 0.4 }
            specs.append(s)
        }
        return Weights(
            kind: kind, features: specs, directionBias: 0.05, magnitudeBias: -0.1,
            thresholds: CategoryThresholds(
                positiveDirection: 0.2, positiveMagnitude: 0.4, negativeDirection: -0.4,
                ghost: [
                    GhostRule(feature: "engagement.days_since_contact", side: .above, threshold: 2.5),
                    GhostRule(feature: "engagement.logins", side: .below, threshold: -1.5),
                ]),
            churnLink: ChurnLink(intercept: -2.5, direction: -0.9, magnitude: -0.35, ghost: 1.2),
            provenance: Provenance(source: "test", bearingVersion: "test"))
    }

    /// `n` customers, features ~ 1.5·(u1 + u2 - 1) + mean, `missingRate` NaN.
    static func matrix(_ n: Int, seed: UInt64, missingRate: Double = 0.05) -> FeatureMatrix {
        var rng = SplitMix(state: seed)
        var columns: [[Float]] = []
        for j in names.indices {
            columns.append(
                (0..<n).map { _ in
                    let u = rng.uniform()
                    let x = Float(3 * (u + rng.uniform() - 1) + 0.3 * Double(j) - 1)
                    return rng.uniform() < missingRate ? .nan : x
                })
        }
        return FeatureMatrix(names: names, columns: columns)
    }
}

@Suite struct ScoringKernelTests {
    /// Kernel against the scalar reference: raw sums and categories bit-identical, bounded
    /// outputs within 1e-6, for lengths around the lane width and with missing values.
    @Test(arguments: [0, 1, 15, 16, 17, 33, 49, 1003], [ModelKind.vector, .logistic, .health])
    func kernelMatchesReference(count: Int, kind: ModelKind) throws {
        let matrix = Fixture.matrix(count, seed: 42 &+ UInt64(count))
        let scorer = try VectorScorer(weights: Fixture.weights(kind: kind), matrix: matrix)
        let fast = scorer.scores(matrix, includeRaw: true)
        let slow = scorer.referenceScores(matrix, includeRaw: true)
        #expect(fast.count == count)
        for i in 0..<count {
            #expect(fast.directionRaw[i].bitPattern == slow.directionRaw[i].bitPattern, "row \(i)")
            #expect(fast.magnitudeRaw[i].bitPattern == slow.magnitudeRaw[i].bitPattern, "row \(i)")
            #expect(fast.category[i] == slow.category[i], "row \(i)")
            #expect(abs(fast.direction[i] - slow.direction[i]) <= 1e-6, "row \(i)")
            #expect(abs(fast.magnitude[i] - slow.magnitude[i]) <= 1e-6, "row \(i)")
            #expect(abs(fast.churnProbability[i] - slow.churnProbability[i]) <= 1e-6, "row \(i)")
        }
    }

    /// Results do not depend on the thread count (also across the block boundaries).
    @Test func threadCountDoesNotChangeScores() throws {
        let n = 3 * kernelBlock + 21
        let matrix = Fixture.matrix(n, seed: 7)
        let scorer = try VectorScorer(weights: Fixture.weights(), matrix: matrix)
        let one = scorer.scores(matrix, threads: 1, includeRaw: true)
        let two = scorer.scores(matrix, threads: 2, includeRaw: true)
        let three = scorer.scores(matrix, threads: 3, includeRaw: true)
        #expect(one == two)
        #expect(one == three)
        // Spot-check the block edges against the reference.
        let slow = scorer.referenceScores(matrix)
        for i in [0, kernelBlock - 1, kernelBlock, 2 * kernelBlock, n - 22, n - 1] {
            #expect(one.category[i] == slow.category[i])
            #expect(abs(one.churnProbability[i] - slow.churnProbability[i]) <= 1e-6)
        }
    }

    /// A pass large enough for streaming stores: the padded head before the first aligned
    /// output, the streamed middle and the tail all match the reference, and the result is
    /// the same as the cached-store path gives (the same customers scored one vector at a time
    /// at the small-size offsets) for any thread count.
    @Test func streamingPassMatchesReference() throws {
        let n = streamingMinimum + 16 * 3 + 5
        let matrix = Fixture.matrix(n, seed: 11, missingRate: 0.02)
        let scorer = try VectorScorer(weights: Fixture.weights(kind: .health), matrix: matrix)
        var one = VectorScores(count: n)
        // Where malloc puts `one`'s arrays decides whether `score` streams (glibc usually aligns
        // large arrays alike, but not after its mmap threshold has moved in a long test run), so
        // the streaming path itself is checked on outputs this test aligns: offset 8 bytes past a
        // 64-byte boundary, so the padded head, the streamed middle and the tail all run.
        let bytes = (n + 32) * MemoryLayout<Float>.stride
        let raw = (0..<3).map { _ in UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64) }
        let categories = UnsafeMutablePointer<UInt8>.allocate(capacity: n)
        defer {
            raw.forEach { $0.deallocate() }
            categories.deallocate()
        }
        let outputs = raw.map { ($0 + 8).bindMemory(to: Float.self, capacity: n) }
        let slow = scorer.referenceScores(matrix)
        for threads in [1, 2] {
            try matrix.storage.withUnsafeBufferPointer { f in
                let io = KernelIO(
                    features: try #require(f.baseAddress), stride: n, direction: outputs[0],
                    magnitude: outputs[1], probability: outputs[2], category: categories,
                    directionRaw: nil, magnitudeRaw: nil)
                #if os(Linux) && arch(x86_64)
                    #expect(scorer.streamingHead(io, count: n) == 14)
                #endif
                scorer.run(io, count: n, threads: threads)
            }
            var worstAligned: Float = 0
            for i in 0..<n {
                #expect(categories[i] == slow.category[i], "row \(i), \(threads) thread(s)")
                worstAligned = max(
                    worstAligned, abs(outputs[0][i] - slow.direction[i]), abs(outputs[1][i] - slow.magnitude[i]),
                    abs(outputs[2][i] - slow.churnProbability[i]))
            }
            #expect(worstAligned <= 1e-6)
        }
        scorer.score(matrix, into: &one, threads: 1)
        var two = VectorScores(count: n)
        scorer.score(matrix, into: &two, threads: 2)
        #expect(one == two)
        var worst: Float = 0
        for i in 0..<n {
            #expect(one.category[i] == slow.category[i], "row \(i)")
            worst = max(
                worst, abs(one.direction[i] - slow.direction[i]), abs(one.magnitude[i] - slow.magnitude[i]),
                abs(one.churnProbability[i] - slow.churnProbability[i]))
        }
        #expect(worst <= 1e-6)
        // The same customers through the cached-store path (a matrix below the streaming size)
        // give the same bytes: streaming changes where results go, not what they are.
        let part = 40_000
        let prefix = FeatureMatrix(
            names: matrix.names,
            columns: matrix.names.indices.map { Array(matrix.column($0).prefix(part)) })
        let small = scorer.scores(prefix)
        #expect(Array(one.direction.prefix(part)) == small.direction)
        #expect(Array(one.churnProbability.prefix(part)) == small.churnProbability)
        #expect(Array(one.category.prefix(part)) == small.category)
    }

    /// The model formula evaluated directly in Double (z = (x - mean)/sd, imputed z = 0,
    /// tanh/logistic from libm): another way to the same numbers, within Float accuracy.
    @Test func kernelMatchesDoublePrecisionFormula() throws {
        let weights = Fixture.weights(kind: .logistic)
        let matrix = Fixture.matrix(517, seed: 99)
        let scores = try VectorScorer(weights: weights, matrix: matrix).scores(matrix)
        for i in 0..<matrix.count {
            var d = weights.directionBias
            var m = weights.magnitudeBias
            var z = weights.churnLink.intercept
            var ghost = false
            for (j, f) in weights.features.enumerated() {
                let x = Double(matrix.storage[j * matrix.count + i])
                let s = x.isNaN ? 0 : (x - f.mean) / f.sd
                d += f.direction * s
                m += f.magnitude * s
                z += f.churn * s
            }
            for rule in weights.thresholds.ghost {
                let j = try #require(Fixture.names.firstIndex(of: rule.feature))
                let x = Double(matrix.storage[j * matrix.count + i])
                if rule.side == .above ? x > rule.threshold : x < rule.threshold { ghost = true }
            }
            z += weights.churnLink.direction * d + weights.churnLink.magnitude * m + (ghost ? weights.churnLink.ghost : 0)
            #expect(abs(Double(scores.direction[i]) - tanh(d)) < 2e-6, "row \(i)")
            #expect(abs(Double(scores.magnitude[i]) - 1 / (1 + exp(-m))) < 2e-6, "row \(i)")
            #expect(abs(Double(scores.churnProbability[i]) - 1 / (1 + exp(-z))) < 2e-6, "row \(i)")
            if ghost { #expect(scores.vectorCategory(i) == .ghost) }
        }
    }

    /// Hand computation on one feature per axis.
    /// outcome: mean 1, sd 2, weight 1.5, x = 3 → z = 1, direction_raw = 0.5 + 1.5 = 2, direction = tanh 2 = 0.9640275801.
    /// experience: mean 0, sd 1, weight 1, x = missing → z = 0, magnitude_raw = 0 → magnitude 0.5.
    /// churn logit = -2 + (-1)(2) + (-0.5)(0) = -4 → p = 1 / (1 + e^4) = 0.0179862100.
    /// direction 0.964 > 0.2 and magnitude 0.5 ≥ 0.4 → positive; days 120 > 90 → ghost overrides, logit -4 + 2 → p = 0.1192029220.
    @Test func handComputedCustomer() throws {
        let weights = Weights(
            kind: .vector,
            features: [
                WeightedFeature(name: "outcome.usage_trend", group: .outcome, mean: 1, sd: 2, direction: 1.5),
                WeightedFeature(name: "experience.nps", group: .experience, mean: 0, sd: 1, magnitude: 1),
                WeightedFeature(name: "engagement.days_since_contact", group: .engagement, mean: 30, sd: 10),
            ],
            directionBias: 0.5,
            thresholds: CategoryThresholds(
                positiveDirection: 0.2, positiveMagnitude: 0.4, negativeDirection: -0.4,
                ghost: [GhostRule(feature: "engagement.days_since_contact", side: .above, threshold: 90)]),
            churnLink: ChurnLink(intercept: -2, direction: -1, magnitude: -0.5, ghost: 2),
            provenance: Provenance(source: "test", bearingVersion: "test"))
        let matrix = FeatureMatrix(
            names: ["engagement.days_since_contact", "experience.nps", "outcome.usage_trend"],
            columns: [[10, 120], [.nan, .nan], [3, 3]])
        let s = try VectorScorer(weights: weights, matrix: matrix).scores(matrix)
        #expect(abs(s.direction[0] - 0.9640275801) < 1e-6)
        #expect(abs(s.magnitude[0] - 0.5) < 1e-6)
        #expect(abs(s.churnProbability[0] - 0.0179862100) < 1e-6)
        #expect(s.vectorCategory(0) == .positive)
        #expect(s.vectorCategory(1) == .ghost)
        #expect(abs(s.churnProbability[1] - 0.1192029220) < 1e-6)
    }

    /// Category boundaries: direction exactly at a threshold is not past it.
    @Test func categoryThresholdsAreStrict() throws {
        var w = Fixture.weights()
        w.thresholds.ghost = []
        w.features = [WeightedFeature(name: "outcome.x", group: .outcome, mean: 0, sd: 1, direction: 1)]
        w.directionBias = 0
        // magnitude_raw = 0 → 0.5 ≥ 0.4.
        let raw = [Float(atanh(0.2)) + 1e-3, Float(atanh(0.2)) - 1e-3, 0, Float(atanh(-0.4)) - 1e-3]
        let matrix = FeatureMatrix(names: ["outcome.x"], columns: [raw])
        let s = try VectorScorer(weights: w, matrix: matrix).scores(matrix)
        #expect((0..<4).map { s.vectorCategory($0) } == [.positive, .neutral, .neutral, .negative])
    }

    @Test func missingColumnIsAnError() {
        let matrix = FeatureMatrix(names: ["outcome.usage_trend"], columns: [[1]])
        #expect(throws: WeightsError.missingColumn(feature: "outcome.milestone_progress")) {
            try VectorScorer(weights: Fixture.weights(), matrix: matrix)
        }
    }

    /// Contributions add up to the raw sums; the change since the previous period adds up to
    /// the change of the raw sums; an imputed feature contributes nothing.
    @Test func explanationAddsUp() throws {
        let matrix = Fixture.matrix(2, seed: 5, missingRate: 0)
        let scorer = try VectorScorer(weights: Fixture.weights(), matrix: matrix)
        let scores = scorer.scores(matrix, includeRaw: true)
        func values(_ i: Int) -> [Float] { (0..<matrix.names.count).map { matrix.storage[$0 * 2 + i] } }
        let now = scorer.explain(values: values(1))
        let before = scorer.explain(values: values(0))
        #expect(now.directionRaw == scores.directionRaw[1])
        #expect(now.magnitudeRaw == scores.magnitudeRaw[1])
        let dSum = now.directionBias + now.contributions.map(\.direction).reduce(0, +)
        let mSum = now.magnitudeBias + now.contributions.map(\.magnitude).reduce(0, +)
        #expect(abs(dSum - now.directionRaw) <= 1e-5)
        #expect(abs(mSum - now.magnitudeRaw) <= 1e-5)
        let change = now.change(since: before)
        #expect(abs(change.map(\.direction).reduce(0, +) - (now.directionRaw - before.directionRaw)) <= 1e-5)
        #expect(abs(change.map(\.magnitude).reduce(0, +) - (now.magnitudeRaw - before.magnitudeRaw)) <= 1e-5)
        // Outcome features drive direction only, experience features magnitude only.
        #expect(now.contributions[0].magnitude == 0 && now.contributions[0].direction != 0)
        #expect(now.contributions[3].direction == 0 && now.contributions[3].magnitude != 0)
        var missing = values(1)
        missing[0] = .nan
        let imputed = scorer.explain(values: missing)
        #expect(imputed.contributions[0].imputed && imputed.contributions[0].direction == 0)
    }
}
