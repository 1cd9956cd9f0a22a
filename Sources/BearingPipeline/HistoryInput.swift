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

    /// Reads and validates the history panel at `path` (the strict panel contract), parsing
    /// on `threads` threads (the panel is the same for any count) while another thread
    /// hashes the bytes.
    public static func read(_ path: String, threads: Int = ProcessInfo.processInfo.activeProcessorCount) throws -> HistoryInput {
        let file: FileBytes
        do {
            file = try FileBytes(path: path, fileName: path)
        } catch {
            throw ContractError(path: path, message: "cannot read the history file: \(error.found)")
        }
        let digest = DigestTask(file)
        let panel: HistoryPanel
        do {
            panel = try HistoryCSVReader(threads: threads).readWithSummary(
                buffer: file.buffer, fileName: path
            ).panel
        } catch {
            _ = digest.wait()
            throw error
        }
        return HistoryInput(panel: panel, path: path, sha256: digest.wait())
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

/// SHA-256 of a file's bytes computed on a thread of its own: it only reads the bytes, so it
/// runs while the parser reads them too.
private final class DigestTask: @unchecked Sendable {
    // `digest` is written once by the hashing thread before `done` is signalled, and read
    // only after `wait()` has seen the signal.
    private var digest = ""
    private let done = DispatchSemaphore(value: 0)

    /// Hashes `file` (kept alive until the hash is done; only read).
    init(_ file: FileBytes) {
        DispatchQueue.global().async { [self] in
            var hasher = SHA256()
            hasher.update(UnsafeRawBufferPointer(file.buffer))
            digest = hasher.finalize()
            done.signal()
        }
    }

    /// `sha256:<hex>`, once the hashing thread has finished.
    func wait() -> String {
        done.wait()
        done.signal()
        return digest
    }
}
