// bench-scoring: the Success Vector kernel against the machine's memory bandwidth.
//
//   cd Benchmarks && BEARING_NATIVE=1 swift run -c release bench-scoring [--sizes 1000000,10000000] [--reps 7]
//
// 16 Float32 features per customer (6 outcome, 6 experience, 4 engagement), ~1.2% missing.
// For each size and thread count: best and median wall time of `reps` runs of (a) the full
// scoring pass (both weighted sums, tanh, logistic magnitude, ghost, category, churn
// probability; outputs SoA Float32 + UInt8) and (b) a plain read pass that sums the same
// 16 streams with SIMD16 (what the memory system can deliver). Lines starting with RESULT
// are parsed by compare_scoring.py.
import BearingPanel
import BearingVector
import Dispatch
import Foundation

struct Options {
    var sizes = [1_000_000, 10_000_000]
    var reps = 7
    var threads = [1, 2]

    init(_ args: [String]) {
        var i = 1
        while i < args.count {
            let value = i + 1 < args.count ? args[i + 1] : ""
            switch args[i] {
            case "--sizes": sizes = value.split(separator: ",").compactMap { Int($0) }
            case "--reps": reps = Int(value) ?? reps
            case "--threads": threads = value.split(separator: ",").compactMap { Int($0) }
            default: break
            }
            i += 2
        }
    }
}

let featureNames =
    (0..<6).map { "outcome.f\($0)" } + (0..<6).map { "experience.f\($0)" } + (0..<4).map { "engagement.f\($0)" }

/// Deterministic features: SplitMix64 bits -> sum of two uniforms (triangular), 3/256 NaN.
/// compare_scoring.py regenerates exactly these numbers in numpy.
func makeMatrix(_ n: Int) -> FeatureMatrix {
    var storage = [Float](repeating: 0, count: n * featureNames.count)
    storage.withUnsafeMutableBufferPointer { buffer in
        var state: UInt64 = 0x5EED_0000_0000_0001
        for i in buffer.indices {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            let a = Float(z & 0xFFFFFF) / 16_777_216
            let b = Float((z >> 24) & 0xFFFFFF) / 16_777_216
            buffer[i] = (z >> 56) < 3 ? .nan : (a + b - 1) * 2
        }
    }
    return FeatureMatrix(names: featureNames, count: n, storage: storage)
}

func weights() -> Weights {
    var specs: [WeightedFeature] = []
    for (j, name) in featureNames.enumerated() {
        let group = FeatureGroup(columnName: name) ?? .outcome
        var spec = WeightedFeature(name: name, group: group, mean: 0.01 * Double(j), sd: 0.8 + 0.01 * Double(j))
        switch group {
        case .outcome: spec.direction = (j % 3 == 2 ? -1.0 : 1.0) / 6.0.squareRoot()
        case .experience: spec.magnitude = (j % 3 == 2 ? -1.0 : 1.0) / 6.0.squareRoot()
        case .engagement, .attribute: break
        }
        specs.append(spec)
    }
    let ghost = (12..<16).map { GhostRule(feature: featureNames[$0], side: .below, threshold: -1.7) }
    return Weights(
        kind: .vector, features: specs,
        thresholds: CategoryThresholds(positiveDirection: 0.2, positiveMagnitude: 0.4, negativeDirection: -0.4, ghost: ghost),
        churnLink: ChurnLink(intercept: -3, direction: -0.8, magnitude: -0.4, ghost: 1.5),
        provenance: Provenance(source: "benchmark", bearingVersion: "bench"))
}

func seconds(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// Pointers for the read pass; threads only read.
struct ReadOnly: @unchecked Sendable {
    let base: UnsafePointer<Float>
}

/// Sums all 16 columns for every customer with SIMD16 loads: the bandwidth ceiling for a
/// pass that must read every feature byte once. Fixed blocks per worker, results summed in
/// block order.
func readPass(_ matrix: FeatureMatrix, threads: Int) -> Float {
    let n = matrix.count
    let columns = matrix.names.count
    let vectors = n / 16
    return matrix.storage.withUnsafeBufferPointer { buffer -> Float in
        guard let base = buffer.baseAddress else { return 0 }
        let ro = ReadOnly(base: base)
        let partials = UnsafeMutableBufferPointer<SIMD16<Float>>.allocate(capacity: threads)
        defer { partials.deallocate() }
        let out = UnsafeSendable(partials)
        @Sendable func work(_ w: Int) {
            let start = w * vectors / threads * 16
            let end = (w + 1) * vectors / threads * 16
            var acc0 = SIMD16<Float>(), acc1 = SIMD16<Float>()
            var i = start
            while i < end {
                var c = 0
                while c < columns {
                    acc0 += UnsafeRawPointer(ro.base + (c * n + i)).loadUnaligned(as: SIMD16<Float>.self)
                    acc1 += UnsafeRawPointer(ro.base + ((c + 1) * n + i)).loadUnaligned(as: SIMD16<Float>.self)
                    c += 2
                }
                i += 16
            }
            out.buffer[w] = acc0 + acc1
        }
        if threads == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: threads) { work($0) } }
        var total = SIMD16<Float>()
        for w in 0..<threads { total += partials[w] }
        var s: Float = 0
        for k in 0..<16 where !total[k].isNaN { s += total[k] }
        return s
    }
}

struct UnsafeSendable: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<SIMD16<Float>>
    init(_ buffer: UnsafeMutableBufferPointer<SIMD16<Float>>) { self.buffer = buffer }
}

func report(_ name: String, n: Int, threads: Int, times: [Double]) {
    let sorted = times.sorted()
    let best = sorted[0]
    let median = sorted[sorted.count / 2]
    let bytes = Double(n * featureNames.count * 4)
    let line = String(
        format: "RESULT name=%@ n=%d threads=%d best_s=%.6f median_s=%.6f worst_s=%.6f customers_per_s=%.0f feature_gbps=%.2f",
        name, n, threads, best, median, sorted[sorted.count - 1], Double(n) / best, bytes / best / 1e9)
    print(line)
}

let options = Options(CommandLine.arguments)
var sink: Float = 0
for n in options.sizes {
    let matrix = makeMatrix(n)
    let scorer: VectorScorer
    do {
        scorer = try VectorScorer(weights: weights(), matrix: matrix)
    } catch {
        print("error: \(error)")
        exit(1)
    }
    var out = VectorScores(count: n)
    for threads in options.threads {
        // One warm-up of each so page faults of fresh outputs are not timed.
        scorer.score(matrix, into: &out, threads: threads)
        sink += readPass(matrix, threads: threads)
        var scoreTimes: [Double] = []
        var readTimes: [Double] = []
        for _ in 0..<options.reps {
            scoreTimes.append(seconds { scorer.score(matrix, into: &out, threads: threads) })
            readTimes.append(seconds { sink += readPass(matrix, threads: threads) })
        }
        report("bearing_score", n: n, threads: threads, times: scoreTimes)
        report("read_16_streams", n: n, threads: threads, times: readTimes)
        // Each score run is timed next to a read run, so both see the same neighbours on a
        // shared machine; the median of these per-pair ratios is steadier than best over best.
        let paired = zip(readTimes, scoreTimes).map { $0 / $1 }.sorted()
        print(String(format: "PAIRED n=%d threads=%d read_over_score_median=%.3f", n, threads, paired[paired.count / 2]))
    }
    var counts = [Int](repeating: 0, count: 4)
    for c in out.category { counts[Int(c)] += 1 }
    let meanP = out.churnProbability.reduce(0.0) { $0 + Double($1) } / Double(n)
    print("CHECK n=\(n) categories(pos,neu,neg,ghost)=\(counts) mean_churn_probability=\(String(format: "%.7f", meanP))")
}
print("sink \(sink)")
