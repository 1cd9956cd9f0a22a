import Foundation
import Synchronization

/// The names of the hidden temporary files `AtomicOutput` writes, and the removal of those
/// left behind by a writer that died without cleaning up (SIGKILL, power cut, a crash).
///
/// Pattern: `.NAME.bearing-tmp.<pid>.<n>` next to the destination `NAME`, where `pid` is the
/// writing process and `n` counts that process's temporary files. Readers that list folders
/// (`merge`, `report`) skip names for which `matches(_:)` is true.
///
/// A temporary file is stale when its writer is gone: the pid is not alive, or it is alive but
/// holds no lock on the file (the pid was reused by another process). A live writer keeps an
/// exclusive `flock` on its temporary file from creation until it is renamed or removed, and
/// the kernel drops the lock when the process dies, whatever killed it. A file younger than
/// `minimumStaleAge` whose writer is alive is always kept: the writer takes its lock an instant
/// after creating the file. The lock decides first, so a folder shared between machines (whose
/// pids mean nothing to each other) keeps a live writer's file wherever the file system's locks
/// reach across machines (NFSv4); a file whose lock cannot be probed is kept.
public enum TemporaryFileName {
    /// What every Bearing temporary file name holds between the destination name and the pid.
    public static let marker = ".bearing-tmp."

    /// A live writer's temporary file without a lock is left alone until it is this old.
    static let minimumStaleAge: TimeInterval = 10

    private static let sequence = Atomic<Int>(0)
    private static let swept = Mutex<Set<String>>([])

    /// `.NAME.bearing-tmp.<pid>.<n>` for a destination named `name`, with this process's pid
    /// and the next sequence number.
    static func next(for name: String) -> String {
        let n = sequence.add(1, ordering: .relaxed).oldValue
        return ".\(name)\(marker)\(getpid()).\(n)"
    }

    /// The writer's pid when `fileName` (a last path component) follows the pattern, else nil.
    public static func writerPID(of fileName: String) -> Int32? {
        guard fileName.hasPrefix("."), let range = fileName.range(of: marker, options: .backwards),
            range.lowerBound > fileName.index(after: fileName.startIndex)
        else { return nil }
        let parts = fileName[range.upperBound...].split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let pid = Int32(parts[0]), pid > 0, Int(parts[1]) != nil
        else { return nil }
        return pid
    }

    /// Whether `fileName` (a last path component) is a Bearing temporary file.
    public static func matches(_ fileName: String) -> Bool { writerPID(of: fileName) != nil }

    /// Removes the stale temporary files in `directory` (see the type's comment); returns the
    /// names removed. Errors (an unreadable folder, a file removed meanwhile) are ignored: this
    /// is housekeeping, never a reason to fail a run.
    @discardableResult
    public static func removeStale(in directory: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        var removed: [String] = []
        for name in names.sorted() {
            guard let pid = writerPID(of: name), pid != getpid() else { continue }
            let path = directory.appendingPathComponent(name).path
            if removeIfStale(path: path, pid: pid) { removed.append(name) }
        }
        return removed
    }

    /// `removeStale(in:)` once per folder and process: the first writer into a folder cleans it.
    static func removeStaleOnce(in directory: URL) {
        let key = directory.standardizedFileURL.path
        guard swept.withLock({ $0.insert(key).inserted }) else { return }
        removeStale(in: directory)
    }

    /// Removes the file at `path` if its writer `pid` is gone; true if it was removed.
    private static func removeIfStale(path: String, pid: Int32) -> Bool {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return false }
        // Held by a live writer (or no locks on this file system): keep. Got it: no process holds
        // it, so its writer is gone, unless the writer is alive and has only just created it.
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { return false }
        let alive = kill(pid, 0) == 0 || errno == EPERM
        if alive {
            #if os(Linux)
                let modified = info.st_mtim.tv_sec
            #else
                let modified = info.st_mtimespec.tv_sec
            #endif
            let age = Date().timeIntervalSince1970 - Double(modified)
            guard age >= minimumStaleAge else { return false }
        }
        return unlink(path) == 0
    }
}
