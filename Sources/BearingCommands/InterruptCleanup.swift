import BearingPanel
import Dispatch
import Foundation
import Synchronization

/// SIGINT / SIGTERM handling for the `bearing` executable: an interrupted run removes every
/// temporary output file (`TemporaryFileRegistry`) and exits 130 / 143, so the output
/// directory holds exactly what it held before (commits in progress finish first; see
/// `AtomicOutput.commitAll`).
///
/// The signals are handled on a Dispatch queue (`DispatchSource.makeSignalSource`), not in a
/// raw signal handler, so the cleanup may take the registry's lock.
public enum InterruptCleanup {
    private static let sources = Mutex<[any DispatchSourceSignal]>([])

    /// Installs the handlers once per process; later calls do nothing.
    public static func install() {
        sources.withLock { sources in
            guard sources.isEmpty else { return }
            for (signalNumber, status) in [(SIGINT, Int32(130)), (SIGTERM, Int32(143))] {
                signal(signalNumber, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global(qos: .userInitiated))
                source.setEventHandler {
                    TemporaryFileRegistry.removeAllForExit()
                    let note = "\nbearing: interrupted; temporary files removed, earlier outputs left as they were\n"
                    _ = note.withCString { write(STDERR_FILENO, $0, strlen($0)) }
                    _exit(status)
                }
                source.resume()
                sources.append(source)
            }
        }
    }

    /// For a command that stops gracefully on SIGINT/SIGTERM itself (`serve`): removes these
    /// handlers. The signals stay ignored by default, so the command's own Dispatch sources get them.
    public static func handOver() {
        sources.withLock { sources in
            for source in sources { source.cancel() }
            sources.removeAll()
        }
    }
}
