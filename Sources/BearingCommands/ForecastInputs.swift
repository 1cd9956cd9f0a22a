import BearingFiles
import BearingForecast
import BearingPanel
import BearingVector
import Foundation
import _BearingText

/// What `forecast` and `compare-forecasts` read: the history, each row's vector category and
/// (with calibrated weights) churn probability, and the milestone catalogue.
struct ForecastInputs {
    var panel: HistoryPanel
    var index: PanelIndex
    var categories: [VectorCategory]
    /// One per panel row from the weights' churn link; nil when churn rates come from history.
    var churnProbabilities: [Double]?
    var catalogue: MilestoneCatalogue
    /// `weights.json` path, or `default` for the documented default weights.
    var weightsSource: String

    /// Reads everything, failing with errors that name the file.
    /// Without `weightsPath` the documented default weights give the categories, and churn
    /// probabilities are the history's churn rates by (category, segment): the default churn
    /// link is an uncalibrated prior.
    static func load(history: String, weightsPath: String?, milestones: String, progress: Progress) throws -> ForecastInputs {
        // The small file first, so its mistakes show before a long read.
        let catalogue = try readCatalogue(path: milestones)
        progress.note("reading \(history)")
        let panel = try HistoryCSVReader.read(contentsOf: URL(fileURLWithPath: history), fileName: history)
        let weights: Weights
        if let weightsPath {
            weights = try WeightsFile.read(weightsPath)
        } else {
            weights = DefaultWeights.make(for: panel, bearingVersion: BearingVersion.current)
        }
        progress.note("scoring \(panel.rowCount) rows")
        let scores = try PanelScores(panel: panel, weights: weights, threads: ProcessInfo.processInfo.activeProcessorCount)
        var categories = [VectorCategory](repeating: .neutral, count: panel.rowCount)
        var churn = [Double](repeating: 0, count: panel.rowCount)
        for (k, row) in scores.rows.enumerated() {
            categories[Int(row)] = scores.scores.vectorCategory(k)
            churn[Int(row)] = Double(scores.scores.churnProbability[k])
        }
        return ForecastInputs(
            panel: panel, index: PanelIndex(panel), categories: categories,
            churnProbabilities: weightsPath == nil ? nil : churn, catalogue: catalogue,
            weightsSource: weightsPath ?? "default")
    }

    /// Decodes the milestone catalogue (YAML or JSON, strictly: unknown keys are errors with
    /// line and column), then checks its values.
    static func readCatalogue(path: String) throws -> MilestoneCatalogue {
        let catalogue = try ConfigDecoder().decode(MilestoneCatalogue.self, fromFile: path)
        do {
            try catalogue.validate()
        } catch {
            throw CommandInputError(path: path, message: error.description)
        }
        return catalogue
    }
}

/// A problem with an input file, naming the file. Input quoted in `message` is shown escaped.
struct CommandInputError: Error, CustomStringConvertible, Equatable {
    var path: String
    var message: String
    var description: String { "\(path): \(DisplayEscaping.escaped(message, limit: 2000))" }
}

/// Progress lines on stderr: only when stderr is a terminal and `--quiet` is off.
struct Progress {
    let enabled: Bool
    init(quiet: Bool) { enabled = !quiet && isatty(STDERR_FILENO) != 0 }
    func note(_ message: String) {
        guard enabled else { return }
        FileHandle.standardError.write(Data("bearing: \(message)\n".utf8))
    }
}

/// Writes several files into a directory so that either all appear or none does, holding the
/// folder's `OutputFolderLock` meanwhile (another run writing it is waited for).
enum OutputDirectory {
    static func write(_ files: [(name: String, bytes: [UInt8])], into directory: String) throws {
        let dir = URL(fileURLWithPath: directory, isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        } catch {
            throw CommandInputError(path: directory, message: "cannot create the output directory: \(error.localizedDescription)")
        }
        let lock = try OutputFolderLock(directory: dir)
        defer { lock.release() }
        var outputs: [AtomicOutput] = []
        for file in files {
            let output = try AtomicOutput(destination: dir.appendingPathComponent(file.name))
            try output.write(file.bytes)
            outputs.append(output)
        }
        try AtomicOutput.commitAll(outputs)
    }

    static func json(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return Array(try encoder.encode(value)) + Array("\n".utf8)
    }
}

/// Fixed-width table text for terminal reports.
enum TextTable {
    static func render(_ header: [String], _ rows: [[String]]) -> String {
        var widths = header.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                return i == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ") + "\n"
        }
        return line(header) + rows.map(line).joined()
    }

    static func money(_ x: Double) -> String { String(format: "%.0f", x) }
    static func percent(_ x: Double?) -> String { x.map { String(format: "%.1f%%", $0 * 100) } ?? "n/a" }
}

/// Quotes a CSV cell when it needs it (RFC 4180).
func csvCell(_ text: String) -> String {
    text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
        ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
}

/// Shortest round-trip text of a number for CSV output.
func csvNumber(_ x: Double) -> String { x.isFinite ? "\(x)" : "" }
