// bench-bootstrap: the paired customer bootstrap of a pooled backtest, 1,000 resamples over
// 800,000 rows (100,000 customers x 8 periods) x 3 models, on 1 and 2 threads.
//
//   cd Benchmarks && swift run -c release bench-bootstrap [--rows N] [--resamples B] [--runs K]
//
// Prints the one-off preparation (sorting each model's rows, per-customer sums), the resampling
// time per thread count (best of K runs), and whether 1 and 2 threads gave identical replicates.
import BearingCalibration
import Foundation

let arguments = CommandLine.arguments
func option(_ name: String) -> String? {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return nil }
    return arguments[i + 1]
}
let targetRows = option("--rows").flatMap { Int($0) } ?? 800_000
let resamples = option("--resamples").flatMap { Int($0) } ?? 1000
let runs = option("--runs").flatMap { Int($0) } ?? 3
let periods = 8

/// SplitMix64 finaliser: a counter-based stream, so every value depends only on its key.
func mix(_ x: UInt64) -> UInt64 {
    var z = x &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}
func uniform(_ key: UInt64) -> Double { (Double(mix(key) >> 11) + 0.5) * 0x1p-53 }
func normal(_ key: UInt64) -> Double {
    (-2 * log(uniform(key << 1))).squareRoot() * cos(2 * Double.pi * uniform((key << 1) | 1))
}
func sigmoid(_ x: Double) -> Double { 1 / (1 + exp(-x)) }

// Customer risk r ~ N(0, 1) drifting by period; churn logit −3.2 + r. Three models see r with
// noise of sd 0.5, 0.8 and 1.5 (vector-, logistic- and health-like rankings); the health-like
// model's probabilities are rounded to 0.01, so it has ties.
var customers: [Int32] = []
var labels: [Bool] = []
var probabilities: [[Double]] = [[], [], []]
var customer = 0
while labels.count < targetRows {
    let c = UInt64(customer)
    var risk = normal(c << 20)
    for t in 0..<periods where labels.count < targetRows {
        let key = (c << 20) | (UInt64(t + 1) << 8)
        if t > 0 { risk = 0.9 * risk + 0.44 * normal(key) }
        let churned = uniform(key | 1) < sigmoid(-3.2 + risk)
        customers.append(Int32(customer))
        labels.append(churned)
        probabilities[0].append(sigmoid(-3.2 + risk + 0.5 * normal(key | 2)))
        probabilities[1].append(sigmoid(-3.2 + risk + 0.8 * normal(key | 3)))
        probabilities[2].append((sigmoid(-3.2 + 0.8 * risk + 1.5 * normal(key | 4)) * 100).rounded() / 100)
        if churned { break }
    }
    customer += 1
}

func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

/// CPU seconds of the whole process (all threads): on a shared machine, less sensitive than
/// wall time to other processes competing for the cores.
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) * 1e-6
        + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) * 1e-6
}

let t0 = ContinuousClock.now
let c0 = cpuSeconds()
let bootstrap = try CustomerBootstrap(customers: customers, labels: labels, probabilities: probabilities)
let prepare = seconds(ContinuousClock.now - t0)
let prepareCPU = cpuSeconds() - c0
let churned = labels.filter { $0 }.count
print("rows \(labels.count), customers \(bootstrap.customerCount), churned rows \(churned), models 3, resamples \(resamples)")
print(String(format: "prepare (sort 3 models, per-customer sums): %.3f s wall, %.3f s CPU", prepare, prepareCPU))

var results: [Int: BootstrapReplicates] = [:]
for threads in [1, 2] {
    var best = Double.infinity
    var bestCPU = Double.infinity
    for _ in 0..<runs {
        let start = ContinuousClock.now
        let cpu = cpuSeconds()
        let r = bootstrap.run(resamples: resamples, seed: 7, threads: threads)
        best = min(best, seconds(ContinuousClock.now - start))
        bestCPU = min(bestCPU, cpuSeconds() - cpu)
        results[threads] = r
    }
    print(String(format: "resampling, %d thread(s): %.3f s wall, %.3f s CPU (best of %d); %.2f ns CPU per row-resample-model",
                 threads, best, bestCPU, runs, bestCPU * 1e9 / Double(labels.count * resamples * 3)))
}
let identical = results[1] == results[2]
print("1 and 2 threads identical: \(identical)")
if let r = results[2] {
    for m in 0..<3 {
        let auc = r.interval(.auc, model: m, confidence: 0.95)
        print(String(format: "model %d AUC 95%% interval %.4f-%.4f", m, auc?.low ?? .nan, auc?.high ?? .nan))
    }
}
