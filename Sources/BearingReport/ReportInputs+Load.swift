import BearingContracts
import BearingFiles
import BearingPanel
import BearingSimulation
import BearingVector
import Foundation

extension ReportInputs {
    /// Reads the Bearing outputs in `directory` and its direct subfolders (the layout
    /// `workbench` writes, or one command's output folder). Fails when the folder holds none.
    package static func load(directory: String) throws(ContractError) -> ReportInputs {
        let root = URL(fileURLWithPath: directory, isDirectory: true)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ContractError(path: directory, message: "not a folder: give the folder that holds Bearing outputs")
        }
        var inputs = ReportInputs(source: directory)
        let files = candidates(root)
        func named(_ kind: ReportFile) -> [URL] { files.filter { $0.lastPathComponent == kind.fileName } }
        func relative(_ url: URL) -> String { Self.relative(url, to: root) }
        func decode<T: Decodable>(_ type: T.Type, _ url: URL, section: String) -> T? {
            do {
                let value = try ContractJSON.decode(T.self, fromFile: url.path)
                inputs.found.append(relative(url))
                return value
            } catch {
                inputs.problems[section] = "\(relative(url)) could not be read: \(error.description)"
                return nil
            }
        }

        // JSON outputs: the first file of each kind in path order (DIR itself before subfolders).
        inputs.simulation = named(.simulationSummary).first { hasKey($0, "groups") }.flatMap {
            decode(SimulationSummary.self, $0, section: "cohorts")
        }
        inputs.scores = named(.scoresSummary).first.flatMap { decode(ScoresSummary.self, $0, section: "cohorts") }
        inputs.weights = named(.weights).first.flatMap { decode(Weights.self, $0, section: "weights") }
        inputs.backtest = named(.backtest).first.flatMap { decode(BacktestDocument.self, $0, section: "backtest") }
        inputs.forecast = named(.forecast).first.flatMap { decode(ForecastDocument.self, $0, section: "forecast") }
        inputs.forecastComparison = named(.forecastComparison).first { hasKey($0, "comparison") }.flatMap {
            decode(ForecastComparisonDocument.self, $0, section: "compare")
        }
        inputs.comp = named(.compComparison).first { hasKey($0, "plans") }.flatMap {
            decode(CompComparisonDocument.self, $0, section: "comp")
        }
        inputs.stress = named(.stress).first.flatMap { decode(StressDocument.self, $0, section: "stress") }
        if let url = named(.stressTrials).first {
            do {
                inputs.stressTrials = try StressTrialsTable.read(bytes: try bytes(url), file: relative(url))
                inputs.found.append(relative(url))
            } catch {
                inputs.problems["stress"] = error.description
            }
        }
        if let url = named(.scores).first {
            do {
                let scores = try ScoresTable.read(bytes: try bytes(url), file: relative(url))
                inputs.found.append(relative(url))
                var churned: ((String, Period) -> Bool?)?
                if let history = historyFile(root: root, files: files, summary: inputs.scores) {
                    let panel = try HistoryCSVReader.read(contentsOf: history, fileName: relative(history))
                    inputs.found.append(relative(history))
                    churned = outcomes(of: panel)
                }
                inputs.addScores(scores, churned: churned)
            } catch {
                inputs.problems["vector"] = "\(relative(url)) could not be read: \(error)"
                inputs.problems["curves"] = inputs.problems["vector"]
            }
        }
        guard !inputs.isEmpty || !inputs.problems.isEmpty else {
            throw ContractError(
                path: directory,
                message: "no Bearing outputs here or in its subfolders; looked for "
                    + ReportFile.allCases.map(\.fileName).joined(separator: ", ")
                    + " (run `bearing workbench` or the commands that write them first)")
        }
        return inputs
    }

    /// `url` relative to the folder `root` when inside it, else its full path: how the report
    /// lists the files it read.
    package static func relative(_ url: URL, to root: URL) -> String {
        let base = root.standardizedFileURL.path
        let path = url.standardizedFileURL.path
        return path.hasPrefix(base + "/") ? String(path.dropFirst(base.count + 1)) : path
    }

    /// Files in DIR, then in each direct subfolder, in name order; hidden files (Bearing's
    /// temporaries of a run in progress or interrupted, its lock file) are skipped.
    static func candidates(_ root: URL) -> [URL] {
        let fm = FileManager.default
        func list(_ folder: URL) -> [URL] {
            ((try? fm.contentsOfDirectory(at: folder, includingPropertiesForKeys: [.isDirectoryKey])) ?? [])
                .filter { !$0.lastPathComponent.hasPrefix(".") }
                .sorted { $0.lastPathComponent < $1.lastPathComponent }
        }
        func isFolder(_ url: URL) -> Bool { (try? url.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true }
        let top = list(root)
        return top.filter { !isFolder($0) } + top.filter(isFolder).flatMap { list($0).filter { !isFolder($0) } }
    }

    /// Whether a JSON file's top-level object has `key` (which command wrote a `summary.json` or
    /// `comparison.json`).
    static func hasKey(_ url: URL, _ key: String) -> Bool {
        guard let data = try? Data(contentsOf: url),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return false }
        return object[key] != nil
    }

    static func bytes(_ url: URL) throws(ContractError) -> [UInt8] {
        do {
            return [UInt8](try Data(contentsOf: url))
        } catch {
            throw ContractError(path: url.path, message: "cannot read: \(error.localizedDescription)")
        }
    }

    /// The history the scores came from: the path in scores.summary.json if it still exists
    /// (relative to the working folder or to DIR), else a history.csv in DIR.
    static func historyFile(root: URL, files: [URL], summary: ScoresSummary?) -> URL? {
        if let path = summary?.history, !path.isEmpty {
            for url in [URL(fileURLWithPath: path), root.appendingPathComponent(path)]
            where FileManager.default.fileExists(atPath: url.path) {
                return url
            }
        }
        return files.first { $0.lastPathComponent == ReportFile.history.fileName }
    }
}
