// bench-logistic: L2 logistic regression (Newton, 2 threads) on 1,000,000 x 16 synthetic rows.
//
//   cd Benchmarks && BEARING_NATIVE=1 swift run -c release bench-logistic [--rows N] [--runs K] [--write DIR]
//
// With --write DIR the design (Float32, n x 16, Fortran order) and labels are written as
// DIR/logistic_X.npy and DIR/logistic_y.npy, and the fitted coefficients and timings as
// DIR/bearing_logistic.json, for `compare_logistic.py` to time scikit-learn on the same data.
import BearingCalibration
import Foundation

let arguments = CommandLine.arguments
func option(_ name: String) -> String? {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return nil }
    return arguments[i + 1]
}
let rows = option("--rows").flatMap { Int($0) } ?? 1_000_000
let runs = option("--runs").flatMap { Int($0) } ?? 5
let writeDirectory = option("--write")
let features = 16
let c = 1.0

/// SplitMix64 finaliser: a counter-based stream, so row i's values never depend on other rows.
func mix(_ x: UInt64) -> UInt64 {
    var z = x &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}
func uniform(_ key: UInt64) -> Double { (Double(mix(key) >> 11) + 0.5) * 0x1p-53 }

// x_ij ~ N(0, 1) by Box–Muller on two counter-keyed uniforms; true link
// logit = -1.5 + Σ_j β_j x_ij with β_j = ±0.6/(1 + j/4); y_i = [u_i < σ(logit)].
let beta: [Double] = (0..<features).map { j in
    let sign: Double = j % 2 == 0 ? 0.6 : -0.6
    return sign / (1 + Double(j) / 4)
}
var storage = [Float](repeating: 0, count: rows * features)
var labels = [Bool](repeating: false, count: rows)
let generationStart = ContinuousClock.now
for i in 0..<rows {
    var eta = -1.5
    for j in 0..<features {
        let key = (UInt64(i) << 6) | UInt64(j)
        let u1 = uniform(key << 1)
        let u2 = uniform((key << 1) | 1)
        let z = Float((-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2))
        storage[j * rows + i] = z
        eta += beta[j] * Double(z)
    }
    labels[i] = uniform((UInt64(i) << 6) | 63 | (1 << 62)) < 1 / (1 + exp(-eta))
}
let generationTime = ContinuousClock.now - generationStart
let x = try DesignMatrix(rowCount: rows, columnCount: features, storage: storage)

func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

/// CPU seconds of the whole process (all threads): less sensitive than wall time to other
/// processes competing for the two cores.
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) * 1e-6
        + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) * 1e-6
}

var best = Double.infinity
var bestCPU = Double.infinity
var bestStandardised = Double.infinity
var fit: LogisticFit?
for _ in 0..<runs {
    let t0 = ContinuousClock.now
    let c0 = cpuSeconds()
    let f = try LogisticRegression.fit(x, labels: labels, options: LogisticOptions(c: c))
    best = min(best, seconds(ContinuousClock.now - t0))
    bestCPU = min(bestCPU, cpuSeconds() - c0)
    fit = f
}
// The same fit preceded by learning and applying the standardisation (what `calibrate` does).
let columns = (0..<features).map { Array(x.column($0)) }
let names = (0..<features).map { "outcome.f\($0)" }
for _ in 0..<runs {
    let t0 = ContinuousClock.now
    let s = try FeatureStandardization(names: names, columns: columns)
    let z = try s.apply(to: columns)
    _ = try LogisticRegression.fit(z, labels: labels, options: LogisticOptions(c: c))
    bestStandardised = min(bestStandardised, seconds(ContinuousClock.now - t0))
}
guard let fit else { fatalError("no run") }
let threads = ProcessInfo.processInfo.activeProcessorCount
print("bench-logistic: \(rows) rows x \(features) features, C = \(c), \(threads) threads, best of \(runs)")
print(String(format: "  generate data           %8.3f s", seconds(generationTime)))
print(String(format: "  fit (Newton)            %8.3f s   %d Newton steps, %d passes, max|grad| = %.2e (tol %.0e)",
             best, fit.iterations, fit.passes, fit.maxAbsGradient, 1e-10 * Double(rows)))
print(String(format: "  fit CPU time            %8.3f s   (both threads)", bestCPU))
print(String(format: "  standardise + fit       %8.3f s", bestStandardised))
print("  intercept \(fit.intercept), coefficients \(fit.coefficients.prefix(4).map { ($0 * 1e4).rounded() / 1e4 }) ...")

if let writeDirectory {
    let dir = URL(fileURLWithPath: writeDirectory, isDirectory: true)
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    func npy(descr: String, fortran: Bool, shape: String, body: Data) -> Data {
        var header = "{'descr': '\(descr)', 'fortran_order': \(fortran ? "True" : "False"), 'shape': \(shape), }"
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        let length = UInt16(header.utf8.count)
        data.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8)])
        data.append(contentsOf: Array(header.utf8))
        data.append(body)
        return data
    }
    let xBody = storage.withUnsafeBufferPointer { Data(buffer: $0) }
    try npy(descr: "<f4", fortran: true, shape: "(\(rows), \(features))", body: xBody)
        .write(to: dir.appendingPathComponent("logistic_X.npy"))
    let yBody = Data(labels.map { $0 ? UInt8(1) : 0 })
    try npy(descr: "|u1", fortran: false, shape: "(\(rows),)", body: yBody)
        .write(to: dir.appendingPathComponent("logistic_y.npy"))
    let summary: [String: Any] = [
        "rows": rows, "features": features, "C": c, "threads": threads, "runs": runs,
        "fit_seconds": best, "fit_cpu_seconds": bestCPU, "standardise_and_fit_seconds": bestStandardised,
        "iterations": fit.iterations, "passes": fit.passes,
        "intercept": fit.intercept, "coefficients": fit.coefficients,
    ]
    try JSONSerialization.data(withJSONObject: summary, options: [.prettyPrinted, .sortedKeys])
        .write(to: dir.appendingPathComponent("bearing_logistic.json"))
    print("  wrote \(dir.path)/logistic_X.npy, logistic_y.npy, bearing_logistic.json")
}
