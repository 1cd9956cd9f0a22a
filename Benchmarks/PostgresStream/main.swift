// Streams a table through BearingPostgres and reports rows/s and peak memory.
//
//   eval "$(bash .ci/postgres-up)"
//   psql "$BEARING_TEST_POSTGRES_URL" -f Benchmarks/PostgresStream/setup.sql
//   cd Benchmarks && swift run -c release bench-postgres-stream [TABLE] [REPEATS]
//
// The consumer touches every cell (sums UTF-8 lengths) and keeps nothing, like an importer
// that writes each row out. Peak RSS is the process's high-water mark (VmHWM).
import BearingPostgres
import Foundation

struct CellCounter: PostgresRowConsumer {
    var columns = 0
    var rows = 0
    var bytes = 0
    var nulls = 0

    mutating func header(_ names: [String]) throws { columns = names.count }
    mutating func row(_ cells: [String?]) throws {
        rows += 1
        for cell in cells {
            if let cell { bytes += cell.utf8.count } else { nulls += 1 }
        }
    }
}

func peakResidentMiB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
        let kib = Double(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
    else { return .nan }
    return kib / 1024
}

let arguments = CommandLine.arguments.dropFirst()
let table = arguments.first ?? "bench_1m"
let repeats = arguments.dropFirst().first.flatMap { Int($0) } ?? 3
guard let url = ProcessInfo.processInfo.environment["BEARING_TEST_POSTGRES_URL"] else {
    print("set BEARING_TEST_POSTGRES_URL (eval \"$(bash .ci/postgres-up)\")")
    exit(2)
}
do {
    let source = PostgresRowSource(
        location: try PostgresLocation(url: url, environment: ProcessInfo.processInfo.environment))
    for run in 1...repeats {
        var counter = CellCounter()
        let clock = ContinuousClock()
        let start = clock.now
        try source.streamTable(table, into: &counter)
        let seconds = (clock.now - start) / .seconds(1)
        let line = String(
            format: "run %d: %d rows x %d columns in %.2f s: %.0f rows/s, %.1f MB/s of cell text, %d NULLs, peak RSS %.1f MiB",
            run, counter.rows, counter.columns, seconds, Double(counter.rows) / seconds,
            Double(counter.bytes) / seconds / 1e6, counter.nulls, peakResidentMiB())
        print(line)
    }
} catch {
    print("\(error)")
    exit(1)
}
