import BearingPanel
import Foundation
import Testing
import _TestSupport

/// Where `AtomicOutput` refuses to write, how it names its temporary files, and how the next
/// writer removes the ones a killed writer left.
struct AtomicOutputTests {
    /// Names in `directory` (hidden ones included).
    static func names(_ directory: URL) -> Set<String> {
        Set((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
    }

    static func fileType(_ url: URL) -> mode_t {
        var info = stat()
        return lstat(url.path, &info) == 0 ? info.st_mode & S_IFMT : 0
    }

    /// The error `AtomicOutput(destination:)` throws, or nil (then the output is abandoned).
    static func refusal(_ destination: URL) -> FileOutputError? {
        do {
            let output = try AtomicOutput(destination: destination)
            output.abandon()
            return nil
        } catch {
            return error
        }
    }

    /// Each kind of non-regular file that can be made here: FIFO and socket always; a character
    /// device like /dev/full (major 1, minor 7) when running as root.
    @Test func refusesEveryDestinationThatIsNotARegularFile() throws {
        let dir = try TestSupport.temporaryDirectory("atomic-dest")
        defer { try? FileManager.default.removeItem(at: dir) }
        var cases: [(URL, String)] = []
        let fifo = dir.appendingPathComponent("fifo")
        #expect(mkfifo(fifo.path, 0o644) == 0)
        cases.append((fifo, "is a FIFO (named pipe)"))
        let socket = dir.appendingPathComponent("socket")
        #expect(mknod(socket.path, S_IFSOCK | 0o644, 0) == 0)
        cases.append((socket, "is a socket"))
        let folder = dir.appendingPathComponent("folder")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        cases.append((folder, "is a folder"))
        let link = dir.appendingPathComponent("link-to-fifo")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: fifo)
        cases.append((link, "is a FIFO (named pipe)"))
        if geteuid() == 0 {
            let device = dir.appendingPathComponent("full")
            #expect(mknod(device.path, S_IFCHR | 0o666, dev_t((1 << 8) | 7)) == 0)
            cases.append((device, "is a character device"))
        }
        let before = Self.names(dir)
        for (destination, kind) in cases {
            let type = Self.fileType(destination)
            let error = try #require(Self.refusal(destination), "\(destination.lastPathComponent) was accepted")
            #expect(error.path == destination.path)
            #expect(
                error.description
                    == "cannot write \(destination.path): it \(kind), not a regular file (Bearing replaces regular files only; give a file path)")
            #expect(Self.fileType(destination) == type, "\(destination.lastPathComponent) was replaced")
        }
        #expect(Self.names(dir) == before, "a temporary file was left")
    }

    @Test func refusesADestinationWhoseFolderIsMissingOrAFile() throws {
        let dir = try TestSupport.temporaryDirectory("atomic-parent")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("weights.json")
        try AtomicOutput.write(Array("{}".utf8), to: file)
        let inFile = try #require(Self.refusal(file.appendingPathComponent("x.csv")))
        #expect(inFile.description == "cannot write \(file.path)/x.csv: \(file.path) is a regular file, not a folder")
        let missing = dir.appendingPathComponent("no-such-folder")
        let inMissing = try #require(Self.refusal(missing.appendingPathComponent("x.csv")))
        #expect(inMissing.description == "cannot write \(missing.path)/x.csv: its folder \(missing.path) does not exist")
        #expect(Self.names(dir) == ["weights.json"])
    }

    /// A device made at the destination while the output was being written is not replaced either.
    @Test func commitRefusesADestinationThatStoppedBeingAFile() throws {
        let dir = try TestSupport.temporaryDirectory("atomic-commit")
        defer { try? FileManager.default.removeItem(at: dir) }
        let destination = dir.appendingPathComponent("trials.csv")
        let output = try AtomicOutput(destination: destination)
        try output.write("trial\n")
        #expect(mkfifo(destination.path, 0o644) == 0)
        #expect(throws: FileOutputError.self) { try output.commit() }
        #expect(Self.fileType(destination) == S_IFIFO)
        #expect(Self.names(dir) == ["trials.csv"])
    }

    @Test func temporaryFilesFollowOnePatternWithTheWritersPID() throws {
        let dir = try TestSupport.temporaryDirectory("atomic-name")
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = try AtomicOutput(destination: dir.appendingPathComponent("history.csv"))
        let b = try AtomicOutput(destination: dir.appendingPathComponent("history.csv"))
        defer {
            a.abandon()
            b.abandon()
        }
        for output in [a, b] {
            let name = output.temporaryURL.lastPathComponent
            #expect(name.hasPrefix(".history.csv.bearing-tmp.\(getpid())."), "\(name)")
            #expect(TemporaryFileName.writerPID(of: name) == getpid())
            #expect(TemporaryFileName.matches(name))
        }
        #expect(a.temporaryURL != b.temporaryURL)
        for name in [
            "history.csv", ".bearing.lock", "history.csv.bearing-tmp.12.0", ".bearing-tmp.12.0",
            ".h.bearing-tmp.x.0", ".h.bearing-tmp.12", ".h.bearing-tmp.12.0.1", ".h.tmp-12-ABCDEF01",
        ] {
            #expect(!TemporaryFileName.matches(name), "\(name)")
        }
    }

    /// Stale: the writer's pid is dead, or alive but holding no lock on a file older than the
    /// grace period (a reused pid). Kept: a file locked by a live process, a fresh unlocked one,
    /// names of other patterns.
    @Test func theNextWriterRemovesStaleTemporaryFiles() throws {
        let dir = try TestSupport.temporaryDirectory("atomic-stale")
        defer { try? FileManager.default.removeItem(at: dir) }
        // Above any pid_max: kill(pid, 0) fails with ESRCH.
        let dead = Int32.max - 1
        let alive: Int32 = 1
        func make(_ name: String, ageSeconds: Int) throws -> URL {
            let url = dir.appendingPathComponent(name)
            try Data("partial".utf8).write(to: url)
            let then = Date().addingTimeInterval(-Double(ageSeconds))
            try FileManager.default.setAttributes([.modificationDate: then], ofItemAtPath: url.path)
            return url
        }
        _ = try make(".history.csv.bearing-tmp.\(dead).0", ageSeconds: 0)
        _ = try make(".trials.csv.bearing-tmp.\(alive).0", ageSeconds: 3600)
        _ = try make(".summary.json.bearing-tmp.\(alive).1", ageSeconds: 0)
        let locked = try make(".latent.csv.bearing-tmp.\(alive).2", ageSeconds: 3600)
        _ = try make("notes.bearing-tmp.\(dead).0", ageSeconds: 3600)
        _ = try make(".h.tmp-\(dead)-ABCDEF01", ageSeconds: 3600)
        let fd = open(locked.path, O_RDONLY)
        #expect(flock(fd, LOCK_EX) == 0)
        defer { close(fd) }

        let output = try AtomicOutput(destination: dir.appendingPathComponent("summary.json"))
        output.abandon()
        #expect(
            Self.names(dir) == [
                ".summary.json.bearing-tmp.\(alive).1", ".latent.csv.bearing-tmp.\(alive).2", "notes.bearing-tmp.\(dead).0",
                ".h.tmp-\(dead)-ABCDEF01",
            ])
    }

    // MARK: OutputFolderLock

    @Test func theFolderLockIsReentrantAndLeavesNoFile() throws {
        let dir = try TestSupport.temporaryDirectory("folder-lock")
        defer { try? FileManager.default.removeItem(at: dir) }
        let lockFile = dir.appendingPathComponent(OutputFolderLock.fileName)
        let outer = try OutputFolderLock(directory: dir)
        #expect(FileManager.default.fileExists(atPath: lockFile.path))
        #expect(try String(contentsOf: lockFile, encoding: .utf8) == "\(getpid())\n")
        #expect(TemporaryFileRegistry.registeredPaths.contains(lockFile.path), "an interrupt removes it")
        // The same folder through another spelling: no wait, no second lock.
        let link = FileManager.default.temporaryDirectory.appendingPathComponent("folder-lock-link-\(UUID().uuidString)")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: dir)
        defer { try? FileManager.default.removeItem(at: link) }
        let inner = try OutputFolderLock(directory: link, timeout: 0) { note in Issue.record("waited: \(note)") }
        inner.release()
        #expect(FileManager.default.fileExists(atPath: lockFile.path), "still held by the outer lock")
        outer.release()
        outer.release()
        #expect(!FileManager.default.fileExists(atPath: lockFile.path))
        #expect(!TemporaryFileRegistry.registeredPaths.contains(lockFile.path))
    }

    /// Another holder (here a second open file description in this process, which `flock`
    /// treats like another process): a short timeout fails with the holder's pid named.
    @Test func aBusyFolderTimesOutNamingTheOtherRun() throws {
        let dir = try TestSupport.temporaryDirectory("folder-lock-busy")
        defer { try? FileManager.default.removeItem(at: dir) }
        let lockFile = dir.appendingPathComponent(OutputFolderLock.fileName)
        let fd = open(lockFile.path, O_RDWR | O_CREAT, 0o644)
        defer { close(fd) }
        #expect(flock(fd, LOCK_EX) == 0)
        _ = "4242\n".withCString { write(fd, $0, 5) }
        let notes = NoteLog()
        let started = Date()
        do {
            _ = try OutputFolderLock(directory: dir, timeout: 1, onWait: notes.add)
            Issue.record("the busy folder was locked")
        } catch {
            #expect(
                error.description
                    == "cannot write into \(dir.path): another bearing run (pid 4242) is writing this folder and did not finish"
                    + " within 1 s; wait for it or give another output folder (BEARING_LOCK_TIMEOUT sets the wait in seconds)")
        }
        #expect(Date().timeIntervalSince(started) >= 0.9)
        #expect(notes.all == ["bearing: waiting for another bearing run (pid 4242) writing \(dir.path)"])
    }

    /// The holder releases (removing the lock file, as `release()` does) while the lock waits.
    @Test func aWaitingLockGetsTheFolderWhenTheOtherRunReleasesIt() throws {
        let dir = try TestSupport.temporaryDirectory("folder-lock-wait")
        defer { try? FileManager.default.removeItem(at: dir) }
        let lockFile = dir.appendingPathComponent(OutputFolderLock.fileName)
        let fd = open(lockFile.path, O_RDWR | O_CREAT, 0o644)
        #expect(flock(fd, LOCK_EX) == 0)
        let releaser = Thread {
            usleep(300_000)
            unlink(lockFile.path)
            close(fd)
        }
        let notes = NoteLog()
        let started = Date()
        releaser.start()
        let lock = try OutputFolderLock(directory: dir, timeout: 60, onWait: notes.add)
        #expect(Date().timeIntervalSince(started) >= 0.25)
        #expect(notes.all.count == 1)
        #expect(FileManager.default.fileExists(atPath: lockFile.path), "a new lock file, held by this lock")
        lock.release()
        #expect(!FileManager.default.fileExists(atPath: lockFile.path))
    }
}

/// Notes given to `onWait`, from any thread.
final class NoteLog: @unchecked Sendable {
    private let lock = NSLock()
    private var notes: [String] = []

    func add(_ note: String) {
        lock.lock()
        notes.append(note)
        lock.unlock()
    }

    var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return notes
    }
}
