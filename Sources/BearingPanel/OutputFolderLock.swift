import Foundation
import Synchronization

/// An exclusive lock on an output folder for as long as a run writes its group of outputs
/// there, so two runs given the same `--out` never leave files of both: the second run waits.
///
/// Behaviour: the second run writes one note to stderr, `bearing: waiting for another bearing
/// run writing DIR (pid N)`, and waits until the first releases the folder, then writes its
/// own outputs (so the folder ends with one run's files, the later one's). It gives up after
/// `timeout` seconds with a `FileOutputError` saying so and naming the other run's pid; nothing
/// of its own is written then. The default timeout is `defaultTimeout` (30 minutes), or the
/// number of seconds in the environment variable `BEARING_LOCK_TIMEOUT` (0: fail at once if the
/// folder is busy). Interrupting a waiting run (Ctrl-C) is safe.
///
/// Mechanism: an advisory `flock(LOCK_EX)` on `DIR/.bearing.lock`, which holds the holder's pid.
/// The kernel releases it when the holder exits, however it dies, so a killed run never blocks
/// the next one. The lock file is removed on release (and by the interrupt handler): the holder
/// unlinks it while still holding the lock, and a waiter that then obtains the lock on the
/// unlinked file sees that the path no longer names it and starts over, so at most one process
/// holds the lock on the file the path names. Advisory: only Bearing runs honour it. On a file
/// system without `flock` the run says so on stderr and writes without the lock.
///
/// Re-entrant within a process (the same folder, however it is spelt, is locked once and
/// released when every holder has released it), so nested writers cannot deadlock themselves.
public final class OutputFolderLock {
    /// The lock file's name inside the folder (hidden, and removed again on release).
    public static let fileName = ".bearing.lock"
    /// Seconds a run waits for a busy folder unless `BEARING_LOCK_TIMEOUT` says otherwise.
    public static let defaultTimeout: Double = 1800

    /// The folder being written.
    public let directory: URL
    private let key: FolderKey
    private var released = false

    /// A folder's identity: the same folder reached through different paths has one key.
    struct FolderKey: Hashable {
        var device: UInt64
        var inode: UInt64
    }

    struct Held {
        var fd: Int32
        var path: String
        var count: Int
    }

    private static let held = Mutex<[FolderKey: Held]>([:])

    /// Locks `directory` (which must exist), waiting up to `timeout` seconds (default: see the
    /// type's comment) for another run to release it. `onWait` receives the note shown once
    /// when the folder is busy (default: written to stderr).
    public init(
        directory: URL, timeout: Double? = nil, onWait: ((String) -> Void)? = nil
    ) throws(FileOutputError) {
        self.directory = directory
        let path = directory.path
        var info = stat()
        guard stat(path, &info) == 0 else {
            let reason = errno == ENOENT ? "the folder does not exist" : Self.reason()
            throw FileOutputError(path: path, operation: "write into", reason: reason)
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            throw FileOutputError(
                path: path, operation: "lock the output folder", reason: "it \(AtomicOutput.describe(mode: info.st_mode)), not a folder")
        }
        key = FolderKey(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
        let key = self.key
        let reentered = Self.held.withLock { held in
            guard var entry = held[key] else { return false }
            entry.count += 1
            held[key] = entry
            return true
        }
        if reentered { return }
        let lockPath = directory.appendingPathComponent(Self.fileName).path
        let fd = try Self.acquire(
            lockPath, folder: path, timeout: timeout ?? Self.configuredTimeout(),
            onWait: onWait ?? { note in FileHandle.standardError.write(Data((note + "\n").utf8)) })
        guard TemporaryFileRegistry.register(lockPath) else {
            unlink(lockPath)
            close(fd)
            throw FileOutputError(path: path, operation: "lock the output folder", reason: "the process is being interrupted")
        }
        Self.held.withLock { $0[key] = Held(fd: fd, path: lockPath, count: 1) }
    }

    deinit { release() }

    /// Releases this hold; the folder is unlocked (and the lock file removed) when the last
    /// holder in the process releases it. Calling it again does nothing.
    public func release() {
        guard !released else { return }
        released = true
        let key = self.key
        let last: Held? = Self.held.withLock { held in
            guard var entry = held[key] else { return nil }
            entry.count -= 1
            if entry.count > 0 {
                held[key] = entry
                return nil
            }
            held[key] = nil
            return entry
        }
        guard let last else { return }
        // Unlinked while still locked: see the type's comment.
        unlink(last.path)
        TemporaryFileRegistry.unregister(last.path)
        close(last.fd)
    }

    /// Runs `body` with `directory` locked.
    public static func withLock<R>(_ directory: URL, _ body: () throws -> R) throws -> R {
        let lock = try OutputFolderLock(directory: directory)
        defer { lock.release() }
        return try body()
    }

    /// `BEARING_LOCK_TIMEOUT` in seconds when it is a number >= 0, else `defaultTimeout`.
    static func configuredTimeout() -> Double {
        guard let text = ProcessInfo.processInfo.environment["BEARING_LOCK_TIMEOUT"], let seconds = Double(text),
            seconds.isFinite, seconds >= 0
        else { return defaultTimeout }
        return seconds
    }

    /// Opens and locks the lock file; returns its descriptor.
    private static func acquire(
        _ lockPath: String, folder: String, timeout: Double, onWait: (String) -> Void
    ) throws(FileOutputError) -> Int32 {
        let started = Date()
        var noted = false
        var holder: Int32?
        while true {
            let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o666)
            guard fd >= 0 else {
                throw FileOutputError(path: folder, operation: "lock the output folder", reason: "\(lockPath): \(reason())")
            }
            if flock(fd, LOCK_EX | LOCK_NB) == 0 {
                var locked = stat()
                var named = stat()
                if fstat(fd, &locked) == 0, stat(lockPath, &named) == 0, locked.st_dev == named.st_dev,
                    locked.st_ino == named.st_ino
                {
                    let pid = Array("\(getpid())\n".utf8)
                    _ = ftruncate(fd, 0)
                    _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
                    return fd
                }
                // The previous holder removed the file as we locked it: lock the new one.
                close(fd)
                continue
            }
            let lockError = errno
            holder = readPID(fd) ?? holder
            close(fd)
            if lockError == ENOLCK || lockError == EOPNOTSUPP || lockError == ENOSYS || lockError == EINVAL {
                // A file system without locks (some network or FUSE mounts): write unprotected
                // rather than refuse to write at all.
                onWait("bearing: cannot lock \(folder) (\(String(cString: strerror(lockError)))); not waiting for other runs")
                return try acquireUnlocked(lockPath, folder: folder)
            }
            guard lockError == EWOULDBLOCK || lockError == EAGAIN || lockError == EINTR else {
                throw FileOutputError(
                    path: folder, operation: "lock the output folder", reason: String(cString: strerror(lockError)))
            }
            let other = holder.map { "another bearing run (pid \($0))" } ?? "another bearing run"
            let waited = Date().timeIntervalSince(started)
            if waited >= timeout {
                throw FileOutputError(
                    path: folder, operation: "write into",
                    reason: "\(other) is writing this folder and did not finish within \(Int(timeout.rounded())) s;"
                        + " wait for it or give another output folder (BEARING_LOCK_TIMEOUT sets the wait in seconds)")
            }
            if !noted {
                noted = true
                onWait("bearing: waiting for \(other) writing \(folder)")
            }
            let pause = min(0.1, max(0.001, timeout - waited))
            usleep(UInt32(pause * 1_000_000))
        }
    }

    /// The lock file opened without a lock, where the file system has none.
    private static func acquireUnlocked(_ lockPath: String, folder: String) throws(FileOutputError) -> Int32 {
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o666)
        guard fd >= 0 else {
            throw FileOutputError(path: folder, operation: "lock the output folder", reason: "\(lockPath): \(reason())")
        }
        return fd
    }

    /// The pid written in a lock file, if it holds one.
    private static func readPID(_ fd: Int32) -> Int32? {
        var bytes = [UInt8](repeating: 0, count: 24)
        let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { return nil }
        return Int32(String(decoding: bytes[..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    private static func reason() -> String { String(cString: strerror(errno)) }
}
