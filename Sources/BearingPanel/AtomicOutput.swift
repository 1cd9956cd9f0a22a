import Foundation

/// A file that appears at its destination only when complete.
///
/// Bytes go to a temporary file in the destination's directory (same file system, so the
/// final `rename` is atomic); `commit()` renames it over the destination. If the output is
/// abandoned, dropped without committing, or a write fails, the temporary file is removed and
/// the destination is untouched: a failed command leaves no partial files. A command that
/// writes several files can hold one `AtomicOutput` per file and commit them all at the end.
///
/// Only regular files are replaced: a destination that exists and is anything else (a device
/// such as `/dev/full`, a FIFO, a socket, a folder) is refused before anything is written, as
/// is a destination whose parent is missing or not a folder — renaming over `/dev/null` as root
/// would replace the device. A symbolic link is followed for this check (a link to a regular
/// file is replaced by the new file; a link to a device is refused).
///
/// Temporary files are named `.NAME.bearing-tmp.<pid>.<n>` (`TemporaryFileName`) and locked
/// while they are written; the first output a process opens in a folder removes the stale
/// ones that a killed writer left there.
///
/// Not thread-safe; one writer at a time. No `fsync`: atomic against crashes of the process,
/// not against power loss.
public final class AtomicOutput {
    public let destination: URL
    public let temporaryURL: URL
    private var fd: Int32
    /// A second descriptor of the temporary file that holds its `flock` until the file is renamed
    /// or removed (closing `fd` to catch write errors must not release it).
    private var lockFD: Int32
    private var finished = false

    /// Creates the temporary file next to `destination` (whose directory must exist).
    public init(destination: URL) throws(FileOutputError) {
        self.destination = destination
        let directory = destination.deletingLastPathComponent()
        try Self.checkDestination(destination)
        TemporaryFileName.removeStaleOnce(in: directory)
        temporaryURL = directory.appendingPathComponent(TemporaryFileName.next(for: destination.lastPathComponent))
        let path = temporaryURL.path
        guard
            let created = TemporaryFileRegistry.createRegistered(
                path, { open(path, O_WRONLY | O_CREAT | O_EXCL | O_TRUNC | O_CLOEXEC, 0o666) })
        else {
            throw FileOutputError(path: destination.path, operation: "create", reason: "the process is being interrupted")
        }
        fd = created
        guard fd >= 0 else {
            throw FileOutputError(path: destination.path, operation: "create a temporary file for", reason: Self.reason())
        }
        // The lock tells `TemporaryFileName.removeStale` in other processes that the file is in
        // use. Without it (a file system without locks) that cleanup keeps the file, so a
        // failure here costs nothing but the cleanup.
        lockFD = fcntl(fd, F_DUPFD_CLOEXEC, 0)
        if lockFD >= 0, flock(lockFD, LOCK_EX | LOCK_NB) != 0 {
            close(lockFD)
            lockFD = -1
        }
    }

    /// Throws unless `destination` can be replaced by a regular file: it does not exist or is
    /// a regular file (after following links), and its parent is an existing folder.
    public static func checkDestination(_ destination: URL) throws(FileOutputError) {
        let parent = destination.deletingLastPathComponent().path
        var info = stat()
        if stat(parent, &info) != 0 {
            let reason = errno == ENOENT ? "its folder \(parent) does not exist" : "cannot use its folder \(parent): \(Self.reason())"
            throw FileOutputError(path: destination.path, operation: "write", reason: reason)
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            throw FileOutputError(
                path: destination.path, operation: "write",
                reason: "\(parent) \(Self.describe(mode: info.st_mode)), not a folder")
        }
        if stat(destination.path, &info) == 0, info.st_mode & S_IFMT != S_IFREG {
            throw FileOutputError(
                path: destination.path, operation: "write",
                reason: "it \(Self.describe(mode: info.st_mode)), not a regular file (Bearing replaces regular files only; give a file path)")
        }
    }

    /// "is a character device", "is a folder", ... for a `stat` mode.
    static func describe(mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFREG: "is a regular file"
        case S_IFDIR: "is a folder"
        case S_IFCHR: "is a character device"
        case S_IFBLK: "is a block device"
        case S_IFIFO: "is a FIFO (named pipe)"
        case S_IFSOCK: "is a socket"
        case S_IFLNK: "is a symbolic link"
        default: "is not a regular file"
        }
    }

    deinit {
        if !finished { abandon() }
    }

    /// Appends bytes.
    public func write(_ bytes: UnsafeRawBufferPointer) throws(FileOutputError) {
        guard !finished else {
            throw FileOutputError(path: destination.path, operation: "write", reason: "already committed or abandoned")
        }
        var offset = 0
        while offset < bytes.count {
            guard let base = bytes.baseAddress else { return }
            let n = Foundation.write(fd, base + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                let error = FileOutputError(path: destination.path, operation: "write", reason: Self.reason())
                abandon()
                throw error
            }
            offset += n
        }
    }

    public func write(_ bytes: [UInt8]) throws(FileOutputError) {
        let result: Result<Void, FileOutputError> = bytes.withUnsafeBytes { raw in
            Result { () throws(FileOutputError) in try write(raw) }
        }
        try result.get()
    }

    public func write(_ text: String) throws(FileOutputError) {
        try write(Array(text.utf8))
    }

    /// Closes the file and moves it to `destination`, replacing any file there.
    public func commit() throws(FileOutputError) {
        try Self.commitAll([self])
    }

    /// Commits several outputs as one step with respect to interruption: a SIGINT/SIGTERM
    /// handled through `TemporaryFileRegistry` either waits for all of them to be in place or
    /// finds none moved. If one fails, the rest are abandoned (those renamed before stay).
    public static func commitAll(_ outputs: [AtomicOutput]) throws(FileOutputError) {
        for output in outputs where output.finished {
            throw FileOutputError(path: output.destination.path, operation: "commit", reason: "already committed or abandoned")
        }
        var closeFailure: FileOutputError?
        for output in outputs {
            output.finished = true
            if close(output.fd) != 0, closeFailure == nil {
                closeFailure = FileOutputError(path: output.destination.path, operation: "write", reason: Self.reason())
            }
        }
        // Checked again: a long run may find a device or folder created at a destination meanwhile.
        if closeFailure == nil {
            for output in outputs {
                do throws(FileOutputError) {
                    try checkDestination(output.destination)
                } catch {
                    closeFailure = error
                    break
                }
            }
        }
        if let closeFailure {
            for o in outputs { o.removeTemporary() }
            throw closeFailure
        }
        var failure: FileOutputError?
        let ran = TemporaryFileRegistry.whileRunning { paths in
            for output in outputs {
                if failure == nil, rename(output.temporaryURL.path, output.destination.path) != 0 {
                    failure = FileOutputError(path: output.destination.path, operation: "replace", reason: Self.reason())
                }
                if failure != nil { unlink(output.temporaryURL.path) }
                paths.remove(output.temporaryURL.path)
            }
        }
        for output in outputs { output.releaseLock() }
        if let failure { throw failure }
        guard ran else {
            for o in outputs { o.removeTemporary() }
            throw FileOutputError(path: outputs.first?.destination.path ?? "", operation: "commit", reason: "the process is being interrupted")
        }
    }

    /// Closes and removes the temporary file; the destination is left as it was.
    public func abandon() {
        guard !finished else { return }
        finished = true
        close(fd)
        removeTemporary()
    }

    private func removeTemporary() {
        unlink(temporaryURL.path)
        TemporaryFileRegistry.unregister(temporaryURL.path)
        releaseLock()
    }

    /// Drops the temporary file's lock (after it was renamed or removed).
    private func releaseLock() {
        guard lockFD >= 0 else { return }
        close(lockFD)
        lockFD = -1
    }

    /// Runs `body` with a fresh output and commits it if `body` returns; abandons it if it throws.
    public static func write<R>(to destination: URL, _ body: (AtomicOutput) throws -> R) throws -> R {
        let output = try AtomicOutput(destination: destination)
        do {
            let result = try body(output)
            try output.commit()
            return result
        } catch {
            output.abandon()
            throw error
        }
    }

    /// Writes `bytes` to `destination` atomically.
    public static func write(_ bytes: [UInt8], to destination: URL) throws(FileOutputError) {
        let output = try AtomicOutput(destination: destination)
        try output.write(bytes)
        try output.commit()
    }

    private static func reason() -> String { String(cString: strerror(errno)) }
}

/// Writing an output file failed; nothing was left at `path`.
public struct FileOutputError: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    /// What was being done, e.g. "write" or "replace".
    public var operation: String
    public var reason: String

    public init(path: String, operation: String, reason: String) {
        self.path = path
        self.operation = operation
        self.reason = reason
    }

    public var description: String { "cannot \(operation) \(path): \(reason)" }
}
