import BearingPanel
import BearingReport
import Foundation

/// Finds and reads the outputs `bearing report` draws from a folder (and its direct subfolders).
enum ReportLoader {
    static func load(directory: String) throws -> ReportInputs {
        let root = URL(fileURLWithPath: directory, isDirectory: true)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CommandInputError(path: directory, message: "not a folder: give the folder that holds Bearing outputs")
        }
        var inputs = ReportInputs(source: directory)
        let files = candidates(root)
        func named(_ name: String) -> [URL] { files.filter { $0.lastPathComponent == name } }
        func relative(_ url: URL) -> String {
            let base = root.standardizedFileURL.path
            let path = url.standardizedFileURL.path
            return path.hasPrefix(base + "/") ? String(path.dropFirst(base.count + 1)) : path
        }
        func decode<T: Decodable>(_ type: T.Type, _ url: URL, key: String) -> T? {
            do {
                let value = try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
                inputs.found.append(relative(url))
                return value
            } catch {
                inputs.problems[key] = "\(relative(url)) could not be read: \(describe(error))"
                return nil
            }
        }

        // JSON outputs: the first file of each kind in path order (DIR itself before subfolders).
        for url in named("summary.json") where inputs.simulation == nil && isJSON(url, containing: "groups") {
            inputs.simulation = decode(ReportFiles.SimulationSummary.self, url, key: "cohorts")
        }
        for url in named("scores.summary.json") where inputs.scores == nil {
            inputs.scores = decode(ReportFiles.ScoreSummary.self, url, key: "cohorts")
        }
        for url in named("weights.json") where inputs.weights == nil {
            inputs.weights = decode(ReportFiles.Weights.self, url, key: "weights")
        }
        for url in named("backtest.json") where inputs.backtest == nil {
            inputs.backtest = decode(ReportFiles.Backtest.self, url, key: "backtest")
        }
        for url in named("forecast.json") where inputs.forecast == nil {
            inputs.forecast = decode(ReportFiles.Forecast.self, url, key: "forecast")
        }
        for url in named("comparison.json") {
            if inputs.forecastComparison == nil, isJSON(url, containing: "comparison") {
                inputs.forecastComparison = decode(ReportFiles.ForecastComparison.self, url, key: "compare")
            } else if inputs.comp == nil, isJSON(url, containing: "plans") {
                inputs.comp = decode(ReportFiles.CompComparison.self, url, key: "comp")
            }
        }
        for url in named("stress.json") where inputs.stress == nil {
            inputs.stress = decode(ReportFiles.Stress.self, url, key: "stress")
        }

        if let trialsURL = named("stress-trials.csv").first {
            if let text = try? String(contentsOf: trialsURL, encoding: .utf8) {
                inputs.stressTrials = stressTrials(text)
                inputs.found.append(relative(trialsURL))
            }
        }

        // Scores: the vector map, and with the history's churn flags the ROC and reliability.
        if let scoresURL = named("scores.csv").first {
            do {
                let scores = try ScoreRows.read(scoresURL)
                inputs.found.append(relative(scoresURL))
                inputs.vectorMap = vectorMap(scores)
                let historyURL = historyFile(root: root, files: files, summary: inputs.scores)
                if let historyURL {
                    let panel = try HistoryCSVReader.read(contentsOf: historyURL, fileName: relative(historyURL))
                    inputs.found.append(relative(historyURL))
                    let (curves, scope) = classifierCurves(scores: scores, panel: panel, weights: inputs.weights)
                    inputs.curves = curves
                    inputs.curvesScope = scope
                } else {
                    inputs.problems["curves"] = "scores.csv was found but not the history.csv it scored, so there are no churn outcomes for the ROC and reliability curve"
                }
            } catch {
                inputs.problems["vector"] = "\(relative(scoresURL)) could not be read: \(describe(error))"
                inputs.problems["curves"] = inputs.problems["vector"]
            }
        }
        return inputs
    }

    /// `stress-trials.csv` (trial, plan, numeric columns...) as plan → column → values in row order.
    static func stressTrials(_ text: String) -> [String: [String: [Double]]] {
        var lines = CSVLines(text)
        guard let header = lines.next(), let planColumn = header.firstIndex(of: "plan") else { return [:] }
        var out: [String: [String: [Double]]] = [:]
        while let cells = lines.next() {
            guard cells.count == header.count else { continue }
            for (i, name) in header.enumerated() where i != planColumn && name != "trial" {
                out[cells[planColumn], default: [:]][name, default: []].append(Double(cells[i]) ?? .nan)
            }
        }
        return out
    }

    /// Files in DIR, then in each direct subfolder, in name order.
    static func candidates(_ root: URL) -> [URL] {
        let fm = FileManager.default
        let top = ((try? fm.contentsOfDirectory(at: root, includingPropertiesForKeys: [.isDirectoryKey])) ?? [])
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        var files: [URL] = []
        var folders: [URL] = []
        // A Bearing temporary file (a run in progress, or one a killed run left) is not an output.
        for url in top where !TemporaryFileName.matches(url.lastPathComponent) {
            if (try? url.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true { folders.append(url) } else { files.append(url) }
        }
        for folder in folders {
            let inner = ((try? fm.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? [])
                .sorted { $0.lastPathComponent < $1.lastPathComponent }
            files += inner.filter { !TemporaryFileName.matches($0.lastPathComponent) }
        }
        return files
    }

    /// Whether a JSON file's top-level object has `key` (cheap check of what produced it).
    static func isJSON(_ url: URL, containing key: String) -> Bool {
        guard let data = try? Data(contentsOf: url),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return false }
        return object[key] != nil
    }

    /// The history the scores came from: the path in scores.summary.json if it still exists
    /// (relative to the working folder or to DIR), else a history.csv in DIR.
    static func historyFile(root: URL, files: [URL], summary: ReportFiles.ScoreSummary?) -> URL? {
        if let path = summary?.history, !path.isEmpty {
            for url in [URL(fileURLWithPath: path), root.appendingPathComponent(path)] where FileManager.default.fileExists(atPath: url.path) {
                return url
            }
        }
        return files.first { $0.lastPathComponent == "history.csv" }
    }

    static func vectorMap(_ scores: ScoreRows) -> VectorMap? {
        guard let last = scores.periods.last else { return nil }
        let previous = scores.periods.count > 1 ? scores.periods[scores.periods.count - 2] : nil
        var before: [String: (Double, Double)] = [:]
        if let previous {
            for r in scores.rows where r.period == previous { before[r.customerID] = (r.direction, r.magnitude) }
        }
        var points: [VectorMap.Point] = []
        var counts: [String: Int] = [:]
        for r in scores.rows where r.period == last {
            counts[r.category, default: 0] += 1
            points.append(
                VectorMap.Point(
                    customerID: r.customerID, segment: r.segment, direction: r.direction, magnitude: r.magnitude,
                    category: r.category, badFit: r.fit == "bad", previous: before[r.customerID].map { (direction: $0.0, magnitude: $0.1) }))
        }
        return VectorMap(
            period: last.label, previousPeriod: previous?.label, points: VectorMap.sample(points, limit: ReportBuilder.vectorMapLimit),
            totalCustomers: points.count, categoryCounts: counts)
    }

    /// Scored probabilities joined to churn flags by (customer, period). Out-of-time rows (after
    /// the weights' calibration periods) when there are any, else all rows, said so.
    static func classifierCurves(scores: ScoreRows, panel: HistoryPanel, weights: ReportFiles.Weights?) -> (ClassifierCurves?, String) {
        var churned: [String: Bool] = [:]
        churned.reserveCapacity(panel.rowCount)
        for i in 0..<panel.rowCount {
            let c = Int(panel.customer[i])
            guard c >= 0, c < panel.customerIDs.count else { continue }
            churned[panel.customerIDs[c] + "|" + panel.period[i].label] = panel.churned[i]
        }
        let trained = Set(weights?.provenance?.periods ?? [])
        let lastTrained = trained.compactMap { Period(label: $0) }.max()
        var scope = "In sample (all scored periods):"
        var useRow: (ScoreRows.Row) -> Bool = { _ in true }
        if let lastTrained, scores.rows.contains(where: { $0.period > lastTrained }) {
            let after = scores.periods.filter { $0 > lastTrained }
            scope = "Out of time (\(after.first?.label ?? "")–\(after.last?.label ?? ""), after the calibration periods):"
            useRow = { $0.period > lastTrained }
        } else if !trained.isEmpty {
            scope = "In sample (the weights were calibrated on these periods):"
        }
        var p: [Double] = []
        var y: [Bool] = []
        for r in scores.rows where useRow(r) {
            guard let outcome = churned[r.customerID + "|" + r.period.label] else { continue }
            p.append(r.churnProbability)
            y.append(outcome)
        }
        guard !p.isEmpty else { return (nil, scope) }
        return (ClassifierCurves(probabilities: p, outcomes: y), scope)
    }

    static func describe(_ error: any Error) -> String {
        if let e = error as? DecodingError {
            switch e {
            case .keyNotFound(let key, let c): return "missing key '\(key.stringValue)' at \(path(c))"
            case .typeMismatch(_, let c), .valueNotFound(_, let c): return "unexpected value at \(path(c)): \(c.debugDescription)"
            case .dataCorrupted(let c): return "not valid JSON (\(c.debugDescription))"
            @unknown default: return "\(e)"
            }
        }
        return "\(error)"
    }

    static func path(_ c: DecodingError.Context) -> String {
        c.codingPath.isEmpty ? "the top level" : c.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    }
}

/// The columns of `scores.csv` the report uses.
struct ScoreRows {
    struct Row {
        var customerID: String
        var period: Period
        var direction: Double
        var magnitude: Double
        var category: String
        var churnProbability: Double
        var segment: String
        var fit: String
    }

    var rows: [Row]
    var periods: [Period]

    static func read(_ url: URL) throws -> ScoreRows {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw CommandInputError(path: url.path, message: "cannot read: \(error.localizedDescription)")
        }
        var lines = CSVLines(text)
        guard let header = lines.next() else { throw CommandInputError(path: url.path, message: "empty file") }
        let need = ["customer_id", "period", "direction", "magnitude", "category", "churn_probability"]
        var column: [String: Int] = [:]
        for (i, h) in header.enumerated() { column[h] = column[h] ?? i }
        var c: [Int] = []
        for n in need {
            guard let i = column[n] else {
                throw CommandInputError(path: url.path, message: "line 1: no column '\(n)' (expected the header bearing score writes)")
            }
            c.append(i)
        }
        let widest = c.max() ?? 0
        let segment = column["segment"]
        let fit = column["fit"]
        var rows: [Row] = []
        var periods = Set<Period>()
        var line = 1
        while let cells = lines.next() {
            line += 1
            if cells.count == 1 && cells[0].isEmpty { continue }
            guard cells.count > widest, let period = Period(label: cells[c[1]]), let d = Double(cells[c[2]]), let m = Double(cells[c[3]]),
                let p = Double(cells[c[5]])
            else {
                throw CommandInputError(path: "\(url.path):\(line)", message: "expected customer_id, a period, and numbers for direction, magnitude and churn_probability")
            }
            periods.insert(period)
            rows.append(
                Row(
                    customerID: cells[c[0]], period: period, direction: d, magnitude: m, category: cells[c[4]], churnProbability: p,
                    segment: segment.map { $0 < cells.count ? cells[$0] : "" } ?? "", fit: fit.map { $0 < cells.count ? cells[$0] : "" } ?? ""))
        }
        return ScoreRows(rows: rows, periods: periods.sorted())
    }
}

/// RFC 4180 records of a CSV text (quoted fields may hold commas, quotes and line breaks).
struct CSVLines: IteratorProtocol {
    private let bytes: [UInt8]
    private var i = 0

    init(_ text: String) { bytes = Array(text.utf8) }

    mutating func next() -> [String]? {
        guard i < bytes.count else { return nil }
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false
        while i < bytes.count {
            let b = bytes[i]
            i += 1
            if quoted {
                if b == UInt8(ascii: "\"") {
                    if i < bytes.count, bytes[i] == UInt8(ascii: "\"") {
                        field.append(b)
                        i += 1
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(b)
                }
            } else if b == UInt8(ascii: "\"") {
                quoted = true
            } else if b == UInt8(ascii: ",") {
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
            } else if b == 10 {
                break
            } else if b != 13 {
                field.append(b)
            }
        }
        fields.append(String(decoding: field, as: UTF8.self))
        return fields
    }
}
