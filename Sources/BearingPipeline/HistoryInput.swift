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
    private let digest: HistoryDigest

    /// `sha256:<hex>` of the file's bytes (waits for the hashing thread, or hashes now when
    /// the history was read with `hashing: .whenAsked`).
    public var sha256: String { digest.value }

    public init(panel: HistoryPanel, path: String, sha256: String) {
        self.init(panel: panel, path: path, digest: HistoryDigest(known: sha256))
    }

    private init(panel: HistoryPanel, path: String, digest: HistoryDigest) {
        self.panel = panel
        self.index = PanelIndex(panel)
        self.path = path
        self.digest = digest
    }

    /// Reads and validates the history panel at `path` (the strict panel contract), parsing
    /// on `threads` threads (the panel is the same for any count). With `.concurrent` another
    /// thread hashes the bytes meanwhile; a command whose outputs record no hash (`score`)
    /// passes `.whenAsked`, so its cores parse instead.
    public static func read(
        _ path: String, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
        hashing: HistoryDigest.Timing = .concurrent
    ) throws -> HistoryInput {
        let file: FileBytes
        do {
            file = try FileBytes(path: path, fileName: path)
        } catch {
            throw ContractError(path: path, message: "cannot read the history file: \(error.found)")
        }
        let digest = HistoryDigest(file, timing: hashing)
        let panel = try HistoryCSVReader(threads: threads).readWithSummary(buffer: file.buffer, fileName: path).panel
        return HistoryInput(panel: panel, path: path, digest: digest)
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
