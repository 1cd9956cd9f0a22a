import Foundation
import Synchronization

/// Every temporary file an `AtomicOutput` holds in this process (and every held
/// `OutputFolderLock` file), so a signal handler can remove them before the process dies (an
/// interrupted run leaves no `.bearing-tmp.` or lock files and the previous outputs untouched).
///
/// Commits run under the same lock: once `removeAllForExit()` has run, no output is renamed
/// into place any more, and a group committed with `AtomicOutput.commitAll` is either fully
/// in place or not at all with respect to an interruption (the handler waits for it).
public enum TemporaryFileRegistry {
    struct State: ~Copyable {
        var paths: Set<String> = []
        var exiting = false
    }

    static let state = Mutex(State())

    /// Registers `path`; false (and nothing registered) once the process is exiting.
    static func register(_ path: String) -> Bool {
        state.withLock { s in
            guard !s.exiting else { return false }
            s.paths.insert(path)
            return true
        }
    }

    /// Creates the file at `path` with `create` (which returns a descriptor, or -1) and
    /// registers it, both under the lock: an interruption then either comes first (nil: nothing
    /// is created) or finds the file registered and removes it. Registering after creating left
    /// a window in which an interrupted run kept an empty temporary file.
    static func createRegistered(_ path: String, _ create: () -> Int32) -> Int32? {
        state.withLock { s in
            guard !s.exiting else { return nil }
            let fd = create()
            if fd >= 0 { s.paths.insert(path) }
            return fd
        }
    }

    static func unregister(_ path: String) {
        _ = state.withLock { s in s.paths.remove(path) }
    }

    /// Runs `body` (renames of finished outputs) unless the process is exiting; returns
    /// whether it ran.
    static func whileRunning(_ body: (inout Set<String>) -> Void) -> Bool {
        state.withLock { s in
            guard !s.exiting else { return false }
            body(&s.paths)
            return true
        }
    }

    /// The temporary files currently registered (for tests and diagnostics).
    public static var registeredPaths: Set<String> {
        state.withLock { $0.paths }
    }

    /// Unlinks every registered temporary file and stops all later commits and new outputs.
    /// Only async-signal-safe calls happen under the lock besides the set iteration; call it from
    /// a signal *source* (a normal thread), not from a raw signal handler.
    public static func removeAllForExit() {
        state.withLock { s in
            s.exiting = true
            for path in s.paths { unlink(path) }
            s.paths.removeAll()
        }
    }
}
