import ArgumentParser
import BearingPanel
import Foundation
import Testing
import _TestSupport

@testable import BearingCommands

/// Runs that share an output folder, with real processes: a run killed with SIGKILL (which no
/// handler sees) leaves its temporary file, and the next writer removes it; two runs writing
/// one folder at once take turns, so the folder ends with one run's files. Runs the built
/// executable like `InterruptTests`.
struct OutputFolderTests {
    static var built: Bool { InterruptTests.built }

    /// stderr of a child process, collected as it arrives.
    final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private var data = Data()

        init(_ pipe: Pipe) {
            pipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
                let chunk = handle.availableData
                guard let self, !chunk.isEmpty else { return }
                self.lock.lock()
                self.data.append(chunk)
                self.lock.unlock()
            }
        }

        var text: String {
            lock.lock()
            defer { lock.unlock() }
            return String(decoding: data, as: UTF8.self)
        }
    }

    /// A saas-agency run 10x larger with 400 trials: minutes of work, its history temporary
    /// file open from the start (see `InterruptTests`).
    static func longRun(in dir: URL, out: URL) throws -> Process {
        let scenario = try String(contentsOf: SimulateCommandTests.scenarios.appendingPathComponent("saas-agency.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "customers: 6000", with: "customers: 60000")
            .replacingOccurrences(of: "customers: 3000", with: "customers: 30000")
            .replacingOccurrences(of: "customers: 1000", with: "customers: 10000")
        let big = dir.appendingPathComponent("big.yaml")
        try scenario.write(to: big, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = InterruptTests.executable
        process.arguments = ["simulate", big.path, "--seed", "2", "--trials", "400", "--out", out.path, "--quiet"]
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Polls `condition` every 5 ms until it holds or `seconds` pass (checked once more after:
    /// a task starved of the cooperative pool wakes late).
    static func wait(seconds: Double, until condition: () throws -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        repeat {
            if try condition() { return true }
            try await Task.sleep(for: .milliseconds(5))
        } while Date() < deadline
        return try condition()
    }

    static func names(_ dir: URL) -> Set<String> {
        Set((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? [])
    }

    static func files(_ dir: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for name in names(dir) { result[name] = try Data(contentsOf: dir.appendingPathComponent(name)) }
        return result
    }

    static func simulateInProcess(_ scenario: String, seed: Int, out: URL) throws {
        let command = try #require(
            try Bearing.parseAsRoot(["simulate", scenario, "--seed", String(seed), "--trials", "3", "--out", out.path, "--quiet"])
                as? SimulateCommand)
        try command.run()
    }

    @Test(.enabled(if: built, "build the executable first (swift build): .build/debug/bearing is missing"))
    func aTemporaryFileLeftByAKilledRunIsRemovedByTheNextRun() async throws {
        let dir = try TestSupport.temporaryDirectory("killed-run")
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let process = try Self.longRun(in: dir, out: out)
        let pid = process.processIdentifier
        let sent = await InterruptTests.signal(process, SIGKILL, whenWritingIn: out, within: 120)
        #expect(sent == .sent, "\(sent)")
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        let left = Self.names(out).filter { TemporaryFileName.matches($0) }
        #expect(!left.isEmpty && left.allSatisfy { TemporaryFileName.writerPID(of: $0) == pid }, "\(left)")

        try Self.simulateInProcess(MergeCommandTests.tinyScenario(in: dir), seed: 1, out: out)
        #expect(Self.names(out) == ["history.csv", "trials.csv", "summary.json", "cohorts.csv"])
    }

    @Test(.enabled(if: built, "build the executable first (swift build): .build/debug/bearing is missing"))
    func aSecondRunIntoTheSameFolderWaitsAndTheFolderHoldsOnlyItsOutputs() async throws {
        let dir = try TestSupport.temporaryDirectory("two-runs")
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let tiny = try MergeCommandTests.tinyScenario(in: dir)
        // What the second run writes when it has the folder to itself.
        let alone = dir.appendingPathComponent("alone")
        try Self.simulateInProcess(tiny, seed: 5, out: alone)

        let first = try Self.longRun(in: dir, out: out)
        let writing = try await Self.wait(seconds: 120) { Self.names(out).contains { TemporaryFileName.matches($0) } }
        #expect(writing, "the first run never started writing")
        let second = Process()
        second.executableURL = InterruptTests.executable
        second.arguments = ["simulate", tiny, "--seed", "5", "--trials", "3", "--out", out.path, "--quiet"]
        let pipe = Pipe()
        second.standardError = pipe
        let stderr = Collected(pipe)
        try second.run()
        let note = "bearing: waiting for another bearing run (pid \(first.processIdentifier)) writing \(out.path)"
        let waited = try await Self.wait(seconds: 120) { stderr.text.contains(note) }
        #expect(waited, "no waiting note; stderr: \(stderr.text)")
        #expect(second.isRunning, "the second run did not wait for the first")
        #expect(first.isRunning)
        // The first run ends (interrupted, so it leaves the folder as it was); the second goes on.
        kill(first.processIdentifier, SIGTERM)
        first.waitUntilExit()
        second.waitUntilExit()
        pipe.fileHandleForReading.readabilityHandler = nil
        #expect(first.terminationStatus == 143)
        #expect(second.terminationReason == .exit && second.terminationStatus == 0, "\(stderr.text)")
        #expect(try Self.files(out) == Self.files(alone))
    }

    /// The test process holds the folder; the run gives up after BEARING_LOCK_TIMEOUT seconds.
    @Test(.enabled(if: built, "build the executable first (swift build): .build/debug/bearing is missing"))
    func aRunGivesUpOnABusyFolderAfterTheTimeout() async throws {
        let dir = try TestSupport.temporaryDirectory("busy-folder")
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let lock = try OutputFolderLock(directory: out)
        defer { lock.release() }
        let run = Process()
        run.executableURL = InterruptTests.executable
        run.arguments = ["simulate", try MergeCommandTests.tinyScenario(in: dir), "--seed", "1", "--trials", "3", "--out", out.path]
        run.environment = ProcessInfo.processInfo.environment.merging(["BEARING_LOCK_TIMEOUT": "1"]) { _, new in new }
        let pipe = Pipe()
        run.standardError = pipe
        run.standardOutput = FileHandle.nullDevice
        try run.run()
        run.waitUntilExit()
        let stderr = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(run.terminationStatus == 1)
        #expect(stderr.contains("bearing: waiting for another bearing run (pid \(getpid())) writing \(out.path)"), "\(stderr)")
        #expect(
            stderr.contains(
                "cannot write into \(out.path): another bearing run (pid \(getpid())) is writing this folder and did not finish within 1 s"),
            "\(stderr)")
        #expect(Self.names(out) == [OutputFolderLock.fileName], "only this test's lock file")
    }

    /// A write that fails in the middle of `scores.csv` (the file-size limit, with SIGXFSZ
    /// ignored so `write` returns EFBIG) fails the run and leaves neither the file nor its
    /// temporary file, though the header and part of the rows were written already.
    @Test(.enabled(if: built, "build the executable first (swift build): .build/debug/bearing is missing"))
    func aScoreRunWhoseWriteFailsMidFileLeavesNothing() throws {
        let dir = try TestSupport.temporaryDirectory("failed-write")
        defer { try? FileManager.default.removeItem(at: dir) }
        var history = "customer_id,period,segment,fit,arr,churned,expansion_arr,contraction_arr,outcome.usage_trend\n"
        for c in 0..<1_500 {
            for q in 1...2 { history += "C\(c),2025-Q\(q),smb,good,\(100 + c % 40),0,0,0,\(Double(c % 17) / 7)\n" }
        }
        let historyURL = dir.appendingPathComponent("history.csv")
        try history.write(to: historyURL, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = [
            "-c", "trap '' XFSZ; ulimit -f 16; exec \"$0\" score \"$1\" --out \"$2\" --threads 2 --quiet",
            InterruptTests.executable.path, historyURL.path, out.appendingPathComponent("scores.csv").path,
        ]
        let stderr = Pipe()
        process.standardError = stderr
        try process.run()
        // Read to the end (the process closing stderr) rather than through a readability
        // handler, which may deliver the last chunk after the exit: the message is all there.
        let text = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus != 0)
        #expect(text.contains("cannot write"), "\(text)")
        #expect(Self.names(out).subtracting([OutputFolderLock.fileName]).isEmpty, "\(Self.names(out))")
    }
}
