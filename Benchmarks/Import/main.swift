// bench-import: the one door for messy data, against the strict reader and against pandas.
//
//   cd Benchmarks && BEARING_NATIVE=1 swift build -c release --product bench-import
//   .build/release/bench-import export     # 1M-row messy export vs the strict reader on the clean file
//   .build/release/bench-import events     # panel from a 10M-row event table (then run pandas_events.py)
//
// export: generates (once, in the temp directory) 100,000 customers x 10 quarters with 16
// features as a clean panel CSV and as a messy CRM export of the same values (dollar amounts
// with thousands separators, US dates, yes/no flags, percentages, N/A tokens, quoted text,
// two extra columns), then, BENCH_RUNS times each, like for like: reads the clean file with the
// strict reader and imports the messy one with ExportImporter (SHA-256 included) on one thread
// each, then on every core each (the strict reader as `bearing score` reads: HistoryInput), and
// prints the ratios of the best times (target: import >= 0.7x the strict reader's speed).
// Checks the panels are equal, and the import's records on 1 and on every core.
//
// events: generates a subscriptions ledger (200,000 customers, 10 quarters) and a 10,000,000-row
// event table (8 metrics: count, sum, mean, last, days_since_last, a trend), rebuilds the
// panel with RawTablesImporter and prints the time; `python3 Import/pandas_events.py` does the
// same aggregation with pandas on the same files (target: Bearing >= 1.5x pandas).
//
// Environment: BENCH_RUNS (default 3), BENCH_CUSTOMERS (export, default 100,000),
// BENCH_EVENT_CUSTOMERS (default 200,000), BENCH_EVENTS (default 10,000,000), BENCH_REGENERATE=1.
import BearingImport
import BearingPanel
import BearingPipeline
import Foundation

struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func uniform() -> Double { Double(next() >> 11) * 0x1p-53 }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

/// CPU time of this process: under load from other processes, wall time overstates the cost.
func cpuTime() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

func f2(_ x: Double) -> String { String(format: "%.2f", x) }

/// Appends text to a file through a 4 MB buffer.
final class TextFile {
    let handle: FileHandle
    var buffer: [UInt8] = []

    init(_ path: String) throws {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        guard let h = FileHandle(forWritingAtPath: path) else { throw CocoaError(.fileWriteUnknown) }
        handle = h
        buffer.reserveCapacity(1 << 22)
    }

    func write(_ s: String) {
        buffer.append(contentsOf: s.utf8)
        if buffer.count >= 1 << 22 { flush() }
    }

    func flush() {
        handle.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }

    func close() {
        flush()
        try? handle.close()
    }
}

let environment = ProcessInfo.processInfo.environment
let runs = environment["BENCH_RUNS"].flatMap { Int($0) } ?? 3
let regenerate = environment["BENCH_REGENERATE"] == "1"
let tmp = NSTemporaryDirectory() as NSString
let mode = CommandLine.arguments.dropFirst().first ?? "export"

func size(_ path: String) -> Int { (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0 }

// MARK: Export

@MainActor func exportBenchmark() throws {
    let customers = environment["BENCH_CUSTOMERS"].flatMap { Int($0) } ?? 100_000
    let quarters = 10
    let cleanPath = tmp.appendingPathComponent("bearing-bench-import-clean-\(customers).csv")
    let messyPath = tmp.appendingPathComponent("bearing-bench-import-messy-\(customers).csv")
    let featureNames =
        (1...6).map { "outcome.signal_\($0)" } + (1...6).map { "experience.signal_\($0)" }
        + (1...4).map { "engagement.signal_\($0)" }

    if regenerate || !FileManager.default.fileExists(atPath: messyPath) {
        let start = now()
        var rng = SplitMix64(state: 42)
        var panel = HistoryPanel(granularity: .quarter, featureNames: featureNames)
        panel.reserveCapacity(customers * quarters)
        panel.segmentNames = ["smb", "mid-market", "enterprise"]
        panel.milestoneNames = ["onboarded", "adopted", "expanded", "advocate"]
        panel.csmIDs = (0..<200).map { "csm-\($0)" }
        for c in 0..<customers {
            panel.customerIDs.append("cust-\(c)")
            let segment = Int32(rng.below(3))
            let fit = Fit(rawValue: UInt8(rng.below(3))) ?? .good
            let churns = rng.below(12) == 0
            var arr = Double(1000 + rng.below(200_000))
            for q in 0..<quarters {
                panel.customer.append(Int32(c))
                panel.period.append(Period(year: 2023, quarter: 1).advanced(by: q))
                panel.segment.append(segment)
                panel.fit.append(fit)
                panel.csm.append(rng.below(20) == 0 ? -1 : Int32(rng.below(200)))
                panel.arr.append(arr)
                panel.churned.append(churns && q == quarters - 1)
                let expansion = rng.below(10) == 0 ? Double(rng.below(5000)) : 0
                let contraction = rng.below(20) == 0 ? (arr * 0.1).rounded() : 0
                panel.expansionARR.append(expansion)
                panel.contractionARR.append(contraction)
                panel.milestone.append(rng.below(5) == 0 ? -1 : Int32(rng.below(4)))
                panel.milestoneReached.append(rng.below(5) == 0 ? -1 : Int8(rng.below(2)))
                for k in 0..<featureNames.count {
                    let u = rng.uniform()
                    let v: Float
                    if rng.below(20) == 0 {
                        v = .nan
                    } else {
                        switch k {
                        case 0..<6: v = Float(((u * 4 - 2) * 1000).rounded() / 1000)
                        case 6: v = Float((u * 200 - 100).rounded())
                        case 7, 8: v = Float((1 + u * 4) * 10).rounded() / 10
                        case 9..<12: v = Float(((u * 10) * 100).rounded() / 100)
                        default: v = Float((u * 3650).rounded())
                        }
                    }
                    panel.features[k].values.append(v)
                }
                arr += expansion - contraction
            }
        }
        let clean = HistoryCSVWriter.encode(panel)
        try Data(clean).write(to: URL(fileURLWithPath: cleanPath))
        // The messy export from the clean text, cell by cell (ids and names hold no commas).
        let text = String(decoding: clean, as: UTF8.self)
        let lines = text.split(separator: "\n")
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let out = try TextFile(messyPath)
        out.write(
            "Account ID,Region,Snapshot Date,Tier,Fit,CSM Owner,ARR (USD),Churned?,Upsell,Downsell,Next Milestone,"
                + "Milestone Reached," + featureNames.enumerated().map { "Metric \($0.offset + 1)" }.joined(separator: ",")
                + ",Notes\r\n")
        func grouped(_ digits: Substring) -> String {
            var s = String(digits)
            var groups: [String] = []
            while s.count > 3 {
                groups.insert(String(s.suffix(3)), at: 0)
                s.removeLast(3)
            }
            return ([s] + groups).joined(separator: ",")
        }
        func money(_ t: Substring) -> String {
            let v = grouped(t)
            return v.contains(",") ? "\"$\(v)\"" : "$\(v)"
        }
        func percent(_ t: Substring) -> String {
            // The clean text is [-]d.ddd: move the point two places.
            var s = String(t)
            let negative = s.hasPrefix("-")
            if negative { s.removeFirst() }
            let parts = s.split(separator: ".", omittingEmptySubsequences: false)
            let fraction = parts.count > 1 ? String(parts[1]) : ""
            var integer = String(parts[0]) + String((fraction + "00").prefix(2))
            while integer.count > 1, integer.hasPrefix("0") { integer.removeFirst() }
            let rest = String(fraction.dropFirst(min(2, fraction.count)))
            let body = (rest.isEmpty ? integer : integer + "." + rest) + "%"
            return negative ? "(\(body))" : body
        }
        for (r, line) in lines.dropFirst().enumerated() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            var cells: [String] = []
            cells.reserveCapacity(30)
            cells.append(String(f[0]))
            cells.append(r % 3 == 0 ? "\"EMEA, North\"" : "US")
            let p = Period(label: f[1]) ?? Period(year: 2023, quarter: 1)
            cells.append(String(format: "%02d/%02d/%04d", (p.subperiod - 1) * 3 + 1 + r % 3, 1 + r % 28, p.year))
            cells.append(String(f[2]))
            cells.append(f[3].capitalized)
            cells.append(f[4].isEmpty ? "N/A" : String(f[4]))
            cells.append(money(f[5]))
            cells.append(f[6] == "1" ? "yes" : "no")
            cells.append(money(f[7]))
            cells.append(money(f[8]))
            cells.append(f[9].isEmpty ? "N/A" : String(f[9]))
            cells.append(f[10].isEmpty ? "" : (f[10] == "1" ? "Y" : "N"))
            for k in 0..<featureNames.count {
                let t = f[11 + k]
                if t.isEmpty {
                    cells.append(k % 2 == 0 ? "N/A" : "")
                } else if k < 6 {
                    cells.append(percent(t))
                } else if k >= 12, t.count > 3 {
                    cells.append("\"" + grouped(t) + "\"")
                } else {
                    cells.append(String(t))
                }
            }
            cells.append(r % 10 == 0 ? "\"renewal call, \"\"urgent\"\"\"" : "")
            out.write(cells.joined(separator: ",") + "\r\n")
        }
        out.close()
        _ = header
        print("generated \(customers * quarters) rows in \(f2(now() - start)) s")
    }
    print("clean panel: \(cleanPath) (\(f2(Double(size(cleanPath)) / 1e6)) MB)")
    print("messy export: \(messyPath) (\(f2(Double(size(messyPath)) / 1e6)) MB)")

    var entries: [ColumnMapping.Entry] = [
        .init(panelColumn: "customer_id", header: "Account ID"), .init(panelColumn: "period", header: "Snapshot Date"),
        .init(panelColumn: "segment", header: "Tier"), .init(panelColumn: "fit", header: "Fit"),
        .init(panelColumn: "csm_id", header: "CSM Owner"), .init(panelColumn: "arr", header: "ARR (USD)"),
        .init(panelColumn: "churned", header: "Churned?"), .init(panelColumn: "expansion_arr", header: "Upsell"),
        .init(panelColumn: "contraction_arr", header: "Downsell"), .init(panelColumn: "milestone", header: "Next Milestone"),
        .init(panelColumn: "milestone_reached", header: "Milestone Reached"),
    ]
    for (k, name) in featureNames.enumerated() { entries.append(.init(panelColumn: name, header: "Metric \(k + 1)")) }
    let options = ExportOptions(
        mapping: ColumnMapping(entries: entries), periodGrain: .quarter, dateFormat: DateFormat(pattern: "MM/DD/YYYY"))

    // Like for like: each reader on one thread (the strict one streaming, without hashing; the
    // import hashes its source on a second thread), then each on every core (both hashing).
    let cores = ProcessInfo.processInfo.activeProcessorCount
    typealias Best = (wall: Double, cpu: Double)
    var best: [String: Best] = [:]
    func time(_ label: String, _ body: () throws -> Void) rethrows -> Best {
        let t = now()
        let c = cpuTime()
        try body()
        let measured = (wall: now() - t, cpu: cpuTime() - c)
        let old = best[label] ?? (wall: .infinity, cpu: .infinity)
        best[label] = (min(old.wall, measured.wall), min(old.cpu, measured.cpu))
        return measured
    }
    var strictPanel: HistoryPanel?
    var imported: ImportResult?
    var importedParallel: ImportResult?
    let messyURL = URL(fileURLWithPath: messyPath)
    // BENCH_IMPORT_ONLY=1 (or N) times the import alone on one thread (or every core), for `perf record`.
    if let only = environment["BENCH_IMPORT_ONLY"] {
        let threads = only == "N" ? cores : 1
        for run in 1...runs {
            let i = try time("import") { imported = try ExportImporter.importFile(at: messyURL, options: options, threads: threads) }
            print("run \(run): export import \(threads) thread(s) \(f2(i.wall)) s wall (\(f2(i.cpu)) s CPU)")
        }
        return
    }
    for run in 1...runs {
        let s1 = try time("strict 1") { strictPanel = try HistoryCSVReader.read(contentsOf: URL(fileURLWithPath: cleanPath)) }
        // What `bearing score` reads with: the file in memory, parsed on every core while
        // another thread hashes it, then indexed.
        let sN = try time("strict N") { _ = try HistoryInput.read(cleanPath, threads: cores) }
        let i1 = try time("import 1") { imported = try ExportImporter.importFile(at: messyURL, options: options, threads: 1) }
        let iN = try time("import N") {
            importedParallel = try ExportImporter.importFile(at: messyURL, options: options, threads: cores)
        }
        print(
            "run \(run): strict reader 1 thread \(f2(s1.wall)) s wall (\(f2(s1.cpu)) s CPU), \(cores) threads \(f2(sN.wall)) s; "
                + "export import 1 thread \(f2(i1.wall)) s wall (\(f2(i1.cpu)) s CPU), \(cores) threads \(f2(iN.wall)) s wall (\(f2(iN.cpu)) s CPU)")
    }
    let rows = Double(customers * quarters)
    func line(_ label: String) -> String {
        guard let b = best[label] else { return "" }
        return "\(label): \(f2(b.wall)) s wall = \(f2(rows / b.wall / 1e6))M rows/s, \(f2(b.cpu)) s CPU"
    }
    for label in ["strict 1", "strict N", "import 1", "import N"] { print(line(label)) }
    if let s1 = best["strict 1"], let sN = best["strict N"], let i1 = best["import 1"], let iN = best["import N"] {
        print("speed ratio import/strict, one thread each: \(f2(s1.wall / i1.wall)) (wall), \(f2(s1.cpu / i1.cpu)) (CPU)")
        print("speed ratio import/strict, \(cores) threads each: \(f2(sN.wall / iN.wall)) (wall)")
        print("speed ratio import on \(cores) threads / strict streaming on 1 (the comparison before 2026-12-06 11:00): \(f2(s1.wall / iN.wall)); target >= 0.70")
    }
    if let strictPanel, let imported, let importedParallel {
        print("imported panels equal the strict reader's: \(imported.panel == strictPanel && importedParallel.panel == strictPanel)")
        print("records equal on 1 and \(cores) threads: \(imported.record == importedParallel.record)")
        print("conversions: \(imported.record.conversions)")
    }
}

// MARK: Events

@MainActor func eventsBenchmark() throws {
    let customers = environment["BENCH_EVENT_CUSTOMERS"].flatMap { Int($0) } ?? 200_000
    let eventCount = environment["BENCH_EVENTS"].flatMap { Int($0) } ?? 10_000_000
    let ledgerPath = tmp.appendingPathComponent("bearing-bench-ledger-\(customers).csv")
    let eventsPath = tmp.appendingPathComponent("bearing-bench-events-\(customers)-\(eventCount).csv")
    let metrics = ["login", "page_views", "session_minutes", "nps", "tickets", "contact", "seats", "csat"]
    if regenerate || !FileManager.default.fileExists(atPath: eventsPath) {
        let start = now()
        var rng = SplitMix64(state: 7)
        let ledger = try TextFile(ledgerPath)
        ledger.write("customer_id,date,arr,segment,fit,csm_id\n")
        for c in 0..<customers {
            var arr = 1000 + rng.below(100_000)
            let startQuarter = rng.below(4)
            let month = 1 + 3 * startQuarter
            ledger.write("c\(c),2023-\(month < 10 ? "0" : "")\(month)-0\(1 + rng.below(9)),\(arr),seg\(c % 3),good,csm\(c % 97)\n")
            for q in startQuarter..<10 where rng.below(4) == 0 {
                let year = 2023 + q / 4
                let m = 1 + 3 * (q % 4) + rng.below(3)
                if rng.below(10) == 0 {
                    ledger.write("c\(c),\(year)-\(m < 10 ? "0" : "")\(m)-15,0,,,\n")
                    break
                }
                arr += rng.below(3) == 0 ? -arr / 10 : rng.below(5000)
                ledger.write("c\(c),\(year)-\(m < 10 ? "0" : "")\(m)-15,\(arr),,,\n")
            }
        }
        ledger.close()
        let events = try TextFile(eventsPath)
        events.write("customer_id,date,metric,value\n")
        let firstDay = 19_266  // 2022-10-01
        let days = 1003  // to 2025-06-30
        var civil: [String] = []
        for d in 0..<days {
            let date = Date(timeIntervalSince1970: Double(firstDay + d) * 86400)
            var cal = Calendar(identifier: .gregorian)
            cal.timeZone = TimeZone(identifier: "UTC") ?? .current
            let parts = cal.dateComponents([.year, .month, .day], from: date)
            civil.append(String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0))
        }
        for e in 0..<eventCount {
            let d = e * days / eventCount
            let m = rng.below(metrics.count)
            let value: String
            switch m {
            case 0, 5: value = ""
            case 3: value = String(rng.below(21) * 10 - 100)
            case 7: value = String(Double(10 + rng.below(41)) / 10)
            default: value = String(rng.below(500))
            }
            events.write("c\(rng.below(customers)),\(civil[d]),\(metrics[m]),\(value)\n")
        }
        events.close()
        print("generated ledger and \(eventCount) events in \(f2(now() - start)) s")
    }
    typealias F = MetricCatalog.Feature
    let catalog = MetricCatalog(window: .previousPeriod, metrics: [
        .init(name: "login", features: [F(group: .engagement, feature: "logins", aggregation: .count)]),
        .init(name: "page_views", features: [F(group: .engagement, feature: "page_views", aggregation: .sum)]),
        .init(name: "session_minutes", features: [F(group: .engagement, feature: "session_minutes", aggregation: .mean)]),
        .init(name: "nps", features: [F(group: .experience, feature: "nps", aggregation: .last)]),
        .init(name: "tickets", features: [F(group: .experience, feature: "tickets", aggregation: .sum, trend: "tickets_change")]),
        .init(name: "contact", features: [F(group: .engagement, feature: "days_since_contact", aggregation: .daysSinceLast)]),
        .init(name: "seats", features: [F(group: .attribute, feature: "seats", aggregation: .last)]),
        .init(name: "csat", features: [F(group: .experience, feature: "csat", aggregation: .mean)]),
    ])
    print("ledger: \(ledgerPath) (\(f2(Double(size(ledgerPath)) / 1e6)) MB)")
    print("events: \(eventsPath) (\(f2(Double(size(eventsPath)) / 1e6)) MB)")
    var best = (wall: Double.infinity, cpu: Double.infinity)
    for run in 1...runs {
        let t = now()
        let c = cpuTime()
        let result = try RawTablesImporter.importFiles(
            subscriptions: URL(fileURLWithPath: ledgerPath), events: URL(fileURLWithPath: eventsPath),
            options: RawTablesOptions(granularity: .quarter, metrics: catalog))
        let wall = now() - t
        let cpu = cpuTime() - c
        best = (min(best.wall, wall), min(best.cpu, cpu))
        print("run \(run): \(f2(wall)) s wall (\(f2(cpu)) s CPU); \(result.panel.rowCount) rows, \(result.panel.features.count) features; "
            + "events used \(result.record.counts["events_used"] ?? 0), outside rows \(result.record.counts["events_outside_rows"] ?? 0)")
        if run == 1 {
            let out = tmp.appendingPathComponent("bearing-bench-events-panel.csv")
            try HistoryCSVWriter.write(result.panel, to: URL(fileURLWithPath: out))
            print("panel written to \(out) (pandas_events.py compares its values)")
        }
    }
    print("Bearing raw tables: best \(f2(best.wall)) s wall, \(f2(best.cpu)) s CPU; \(f2(Double(eventCount) / best.cpu / 1e6))M events/s CPU")
    print("now: python3 Import/pandas_events.py \(ledgerPath) \(eventsPath)")
}

do {
    switch mode {
    case "export": try exportBenchmark()
    case "events": try eventsBenchmark()
    default:
        print("usage: bench-import export|events")
        exit(2)
    }
} catch {
    print("error: \(error)")
    exit(1)
}
