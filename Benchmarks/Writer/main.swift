// bench-writer: the CSV writers' output rate (MB of CSV per second of CPU).
//
//   cd Benchmarks && swift run -c release bench-writer /tmp/perf/big/history.csv [--reps 5] [--threads 1,2] [--explain]
//
// Reads and scores the history once (default weights, as `bearing score` does), then renders
// `scores.csv` `reps` times per thread count and the history itself (`HistoryCSVWriter.encode`,
// what `bearing simulate` streams) `reps` times on one thread. Reports best and median of
// process CPU time and wall time; MB/s is output bytes over the best CPU time (the machine is
// shared, CPU time is the steadier figure). Lines starting with RESULT are meant for scripts.
import BearingContracts
import BearingPanel
import BearingVector
import Foundation

struct Options {
    var path = "/tmp/perf/big/history.csv"
    var reps = 5
    var threads = [1, 2]
    var explain = false

    init(_ args: [String]) {
        var i = 1
        while i < args.count {
            let value = i + 1 < args.count ? args[i + 1] : ""
            switch args[i] {
            case "--reps":
                reps = Int(value) ?? reps
                i += 1
            case "--threads":
                threads = value.split(separator: ",").compactMap { Int($0) }
                i += 1
            case "--explain": explain = true
            default: path = args[i]
            }
            i += 1
        }
    }
}

/// Process CPU seconds (all threads), wall seconds.
func clocks() -> (cpu: Double, wall: Double) {
    var t = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
    return (Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9, Date().timeIntervalSinceReferenceDate)
}

func measure(_ label: String, reps: Int, _ body: () -> Int) {
    var cpu: [Double] = []
    var wall: [Double] = []
    var bytes = 0
    for _ in 0..<reps {
        let start = clocks()
        bytes = body()
        let end = clocks()
        cpu.append(end.cpu - start.cpu)
        wall.append(end.wall - start.wall)
    }
    cpu.sort()
    wall.sort()
    let mb = Double(bytes) / 1e6
    print(
        "RESULT \(label) bytes=\(bytes) cpu_best=\(String(format: "%.3f", cpu[0]))s cpu_median=\(String(format: "%.3f", cpu[reps / 2]))s"
            + " wall_best=\(String(format: "%.3f", wall[0]))s MB/s(cpu)=\(String(format: "%.0f", mb / cpu[0]))"
            + " MB/s(wall)=\(String(format: "%.0f", mb / wall[0]))")
}

let options = Options(CommandLine.arguments)
let bytes = [UInt8](FileManager.default.contents(atPath: options.path) ?? Data())
let panel = try HistoryCSVReader.read(bytes: bytes, fileName: options.path)
let index = PanelIndex(panel)
let weights = DefaultWeights.make(for: panel, bearingVersion: "bench")
let scored = try PanelScores(panel: panel, weights: weights, threads: 2)
print("\(panel.rowCount) rows, \(panel.customerIDs.count) customers")
for threads in options.threads {
    measure("scores explain=\(options.explain) threads=\(threads)", reps: options.reps) {
        ScoresTable.render(panel: panel, index: index, scored: scored, explain: options.explain, threads: threads).count
    }
}
measure("history threads=1", reps: options.reps) { HistoryCSVWriter.encode(panel).count }
