import BearingContracts
import BearingPanel
import Foundation

/// A history panel read once, with what every stage needs to name it: the path as the user gave
/// it and the SHA-256 of its bytes (for provenance). Stages take it as a value, so a pipeline
/// reads (or generates) the panel once.
public struct HistoryInput: Sendable {
    public var panel: HistoryPanel
    public var index: PanelIndex
    /// The file as given on the command line.
    public var path: String
    /// `sha256:<hex>` of the file's bytes.
    public var sha256: String

    public init(panel: HistoryPanel, path: String, sha256: String) {
        self.panel = panel
        self.index = PanelIndex(panel)
        self.path = path
        self.sha256 = sha256
    }

    /// Reads and validates the history panel at `path` (the strict panel contract).
    public static func read(_ path: String) throws -> HistoryInput {
        let bytes: [UInt8]
        do {
            bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw ContractError(path: path, message: "cannot read the history file: \(error.localizedDescription)")
        }
        let panel = try HistoryCSVReader.read(bytes: bytes, fileName: path)
        return HistoryInput(panel: panel, path: path, sha256: FileDigest.sha256(bytes))
    }

    /// The file name without folders, as provenance records it.
    public var fileName: String { URL(fileURLWithPath: path).lastPathComponent }

    /// Periods present, ascending.
    public var periods: [Period] { index.periods }

    /// Checks that `label` is a period of this history's granularity within its range.
    public func period(_ label: String, option: String) throws(ContractError) -> Period {
        guard let p = Period(label: label) else {
            throw ContractError(path: "", message: "\(option) must look like 2025-Q2 or 2025-06, got '\(label)'")
        }
        guard p.granularity == panel.granularity else {
            throw ContractError(
                path: "", message: "\(option) \(label) is a \(p.granularity.rawValue) but \(path) has \(panel.granularity.rawValue) periods")
        }
        guard let first = periods.first, let last = periods.last, p >= first, p <= last else {
            let range = periods.first.map { "\($0.label)...\(periods.last?.label ?? $0.label)" } ?? "no periods"
            throw ContractError(path: "", message: "\(option) \(label) is outside \(path), which runs \(range)")
        }
        return p
    }
}
