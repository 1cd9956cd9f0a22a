import BearingPipeline
import Foundation
import Synchronization

/// The one progress reporter of the command line: notes as lines and fractions as one
/// self-overwriting line on stderr, only when stderr is a terminal and `--quiet` is off.
final class ProgressReporter: Sendable {
    let enabled: Bool
    /// `--quiet` was given: no notices at all, not even warnings.
    let quiet: Bool
    private let shown = Mutex("")

    init(quiet: Bool) {
        self.quiet = quiet
        enabled = !quiet && isatty(STDERR_FILENO) != 0
    }

    /// The sink stages report into.
    var sink: ProgressSink {
        guard enabled else { return .silent }
        return ProgressSink(note: { [self] in note($0) }, fraction: { [self] in fraction($0, done: $1, of: $2) })
    }

    func note(_ message: String) {
        guard enabled else { return }
        clearLine()
        FileHandle.standardError.write(Data("bearing: \(message)\n".utf8))
    }

    func fraction(_ stage: String, done: Int, of total: Int) {
        guard enabled, total > 0 else { return }
        let text = "\(stage): \(done * 100 / total)%"
        let changed = shown.withLock { last in
            guard last != text else { return false }
            last = text
            return true
        }
        if changed { FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8)) }
    }

    /// Ends a self-overwriting line before anything else is printed.
    func clearLine() {
        let had = shown.withLock { last in
            defer { last = "" }
            return !last.isEmpty
        }
        if had { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
