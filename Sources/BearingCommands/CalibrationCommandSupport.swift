import ArgumentParser
import BearingCalibration
import BearingPanel
import BearingVector
import Foundation

/// What `calibrate` and `backtest` share: reading the history, parsing model names, progress.
enum CalibrationCommandSupport {
    /// Reads the history CSV once: the panel plus the SHA-256 of its bytes for provenance.
    static func readHistory(_ path: String) throws -> (panel: HistoryPanel, hash: String) {
        let url = URL(fileURLWithPath: path)
        let bytes: [UInt8]
        do {
            bytes = [UInt8](try Data(contentsOf: url))
        } catch {
            throw ValidationError("cannot read history file \(path): \(error.localizedDescription)")
        }
        let panel = try HistoryCSVReader.read(bytes: bytes, fileName: path)
        return (panel, FileDigest.sha256(bytes))
    }

    /// Parses `vector`, `logistic` or `health`.
    static func model(_ text: String) throws -> ModelKind {
        guard let m = ModelKind(rawValue: text.trimmingCharacters(in: .whitespaces)) else {
            throw ValidationError("unknown model '\(text)': choose vector, logistic or health")
        }
        return m
    }

    /// Progress lines on stderr, only for a terminal and without --quiet.
    static func progressEnabled(quiet: Bool) -> Bool { !quiet && isatty(STDERR_FILENO) != 0 }

    static func note(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}

/// Errors of `calibrate`/`backtest` that are not about the files' syntax.
struct CalibrationCommandError: Error, CustomStringConvertible {
    var description: String
}
