import ArgumentParser
import BearingPanel
import Foundation
import Testing
import _TestSupport

@testable import BearingCommands

/// SIGINT / SIGTERM in the middle of `bearing simulate` writing its outputs: the previous
/// outputs in the directory stay byte for byte, no temporary file remains, exit 130 / 143.
/// Runs the built executable (`swift build` first); skipped with a note when it is missing.
struct InterruptTests {
    static let executable = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(".build/debug/bearing")

    static var built: Bool { FileManager.default.isExecutableFile(atPath: executable.path) }

    enum Signalled: Equatable {
        case sent
        case neverWrote
        case alreadyEnded
    }

    /// Sends `signal` to `process` as soon as a Bearing temporary file appears in `out`. Polls
    /// every 5 ms on a thread of its own: the test's tasks share a 2-thread cooperative pool
    /// that other suites may keep busy for minutes, which a polling task would sleep through.
    static func signal(_ process: Process, _ signal: Int32, whenWritingIn out: URL, within seconds: Double) async -> Signalled {
        let pid = process.processIdentifier
        return await withCheckedContinuation { continuation in
            let poller = Thread {
                let deadline = Date().addingTimeInterval(seconds)
                while Date() < deadline {
                    let names = (try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []
                    if names.contains(where: TemporaryFileName.matches) {
                        continuation.resume(returning: kill(pid, signal) == 0 ? .sent : .alreadyEnded)
                        return
                    }
                    usleep(5_000)
                }
                continuation.resume(returning: .neverWrote)
            }
            poller.start()
        }
    }

    func files(_ dir: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) {
            result[name] = try Data(contentsOf: dir.appendingPathComponent(name))
        }
        return result
    }

    @Test(
        .enabled(if: built, "build the executable first (swift build): .build/debug/bearing is missing"),
        arguments: [(SIGINT, Int32(130)), (SIGTERM, Int32(143))])
    func anInterruptedRunLeavesThePreviousOutputs(signal: Int32, status: Int32) async throws {
        let dir = try TestSupport.temporaryDirectory("interrupt")
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        // Previous outputs: a small run.
        let small = try MergeCommandTests.tinyScenario(in: dir)
        let command = try #require(
            try Bearing.parseAsRoot(["simulate", small, "--seed", "1", "--trials", "3", "--out", out.path, "--quiet"]) as? SimulateCommand)
        try command.run()
        let before = try files(out)
        #expect(before.keys.contains("history.csv") && before.keys.contains("trials.csv") && before.keys.contains("summary.json"))

        // A run that would take minutes: saas-agency with 10x the customers and 400 trials. The
        // history's temporary file is open from the start through every trial, and the test
        // process may be starved of CPU by other suites, so the window must be long; the signal
        // ends the run early in any case.
        let scenario = try String(contentsOf: SimulateCommandTests.scenarios.appendingPathComponent("saas-agency.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "customers: 6000", with: "customers: 60000")
            .replacingOccurrences(of: "customers: 3000", with: "customers: 30000")
            .replacingOccurrences(of: "customers: 1000", with: "customers: 10000")
        let big = dir.appendingPathComponent("big.yaml")
        try scenario.write(to: big, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = ["simulate", big.path, "--seed", "2", "--trials", "400", "--out", out.path, "--quiet"]
        process.standardError = FileHandle.nullDevice
        try process.run()

        // Interrupt mid-write, as soon as the first temporary file appears: there is a partial
        // file to clean up, and the handlers are installed (main.swift installs them before any
        // command runs). No fixed delay: on a busy or a fast machine a delay races the run's end.
        let sent = await Self.signal(process, signal, whenWritingIn: out, within: 120)
        #expect(sent != .neverWrote, "the run never started writing")
        #expect(sent != .alreadyEnded, "the run finished before it could be interrupted; make the scenario bigger")
        process.waitUntilExit()

        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == status)
        let after = try files(out)
        #expect(Set(after.keys) == Set(before.keys), "left: \(after.keys.sorted())")
        #expect(after == before)
    }
}
