import ArgumentParser
import Foundation
import Testing
import _TestSupport

@testable import BearingCommands
@testable import BearingReport

/// The bad-input corpus (`BadInputs/`, described by `BadInputs/cases.json`): every file goes
/// through the real command in process; each must fail with an error naming the file and,
/// where the problem has one, the line and column, say what is wrong, and leave nothing in the
/// output directory (no output, no temporary file).
struct BadInputTests {
    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        /// Path inside `BadInputs/`.
        var file: String
        /// `score` (a history CSV), `simulate` (a scenario), `forecast-milestones` (a milestone
        /// catalogue, with the base history), `score-weights` (weights JSON, with the base history),
        /// `comp` (a compensation plan, replayed on the base history).
        var command: String
        /// The start of the message: `file:line: column n (name)`, `file:line:column` or `file`.
        var location: String
        /// Text the rest of the message must contain.
        var expected: String

        var testDescription: String { file }
    }

    static let corpus: URL = Bundle.module.resourceURL!.appendingPathComponent("BadInputs")

    static let cases: [Case] = {
        guard let data = try? Data(contentsOf: corpus.appendingPathComponent("cases.json")),
            let cases = try? JSONDecoder().decode([Case].self, from: data)
        else { return [] }
        return cases
    }()

    static func arguments(_ c: Case, out: URL) -> [String] {
        let file = corpus.appendingPathComponent(c.file).path
        let history = corpus.appendingPathComponent("base-history.csv").path
        switch c.command {
        case "score": return ["score", file, "--out", out.appendingPathComponent("scores.csv").path]
        case "simulate": return ["simulate", file, "--seed", "1", "--trials", "1", "--out", out.path]
        case "forecast-milestones":
            return ["forecast", history, "--milestones", file, "--quota", "0.05", "--trials", "5", "--seed", "1", "--out", out.path]
        case "score-weights": return ["score", history, "--weights", file, "--out", out.appendingPathComponent("scores.csv").path]
        case "comp": return ["comp", file, "--history", history, "--out", out.path]
        default: return []
        }
    }

    /// Runs `arguments` in process; the error's message, or nil if the command succeeded.
    static func failure(_ arguments: [String], quiet: Bool = true) async -> String? {
        do {
            var command = try Bearing.parseAsRoot(arguments + (quiet ? ["--quiet"] : []))
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            return nil
        } catch {
            return Bearing.message(for: error)
        }
    }

    static func leftovers(_ out: URL) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []
    }

    @Test func theCorpusHasFiftyCasesCoveringEveryInputKind() throws {
        #expect(Self.cases.count >= 50)
        #expect(Set(Self.cases.map(\.command)) == ["score", "simulate", "forecast-milestones", "score-weights", "comp"])
        var onDisk = Set<String>()
        for folder in ["csv", "scenario", "milestones", "weights", "plans"] {
            for name in try FileManager.default.contentsOfDirectory(atPath: Self.corpus.appendingPathComponent(folder).path) {
                onDisk.insert("\(folder)/\(name)")
            }
        }
        #expect(onDisk == Set(Self.cases.map(\.file)), "every corpus file has a case and every case a file")
    }

    @Test(arguments: cases)
    func failsWithLocationAndMessageAndWritesNothing(_ c: Case) async throws {
        let out = try TestSupport.temporaryDirectory("bad-input")
        defer { try? FileManager.default.removeItem(at: out) }
        let message = try #require(await Self.failure(Self.arguments(c, out: out)), "\(c.file) was accepted")
        let location = Self.corpus.appendingPathComponent(c.location).path
        #expect(message.hasPrefix(location), "\(c.file): message does not start with \(c.location): \(message)")
        #expect(message.contains(c.expected), "\(c.file): message lacks '\(c.expected)': \(message)")
        #expect(Self.leftovers(out).isEmpty, "\(c.file) left \(Self.leftovers(out))")
    }

    // MARK: Outputs that are not regular files, runs that cannot fit, temporary files

    /// `--out` naming a FIFO (and, as root, a character device like /dev/full, made here with
    /// mknod) is refused by every command, naming the path and what it is: nothing renamed
    /// over it, no temporary file left beside it.
    @Test func outputsThatAreNotRegularFilesAreRefused() async throws {
        let dir = try TestSupport.temporaryDirectory("bad-output")
        defer { try? FileManager.default.removeItem(at: dir) }
        var specials: [(URL, String)] = []
        let fifo = dir.appendingPathComponent("fifo")
        #expect(mkfifo(fifo.path, 0o644) == 0)
        specials.append((fifo, "is a FIFO (named pipe)"))
        if geteuid() == 0 {
            let full = dir.appendingPathComponent("full")
            #expect(mknod(full.path, S_IFCHR | 0o666, dev_t((1 << 8) | 7)) == 0)
            specials.append((full, "is a character device"))
        }
        let history = Self.corpus.appendingPathComponent("base-history.csv").path
        let counts = SimulateCommandTests.scenarios.appendingPathComponent("retention-example.csv").path
        let scenario = Self.corpus.appendingPathComponent("base-scenario.yaml").path
        let plan = Self.corpus.appendingPathComponent("base-plan.yaml").path
        // A folder with an output in it for `report` to read.
        let reportInput = dir.appendingPathComponent("report-input")
        try FileManager.default.createDirectory(at: reportInput, withIntermediateDirectories: true)
        #expect(
            await Self.failure([
                "calibrate", history, "--model", "health", "--until", "2024-Q3", "--out", reportInput.appendingPathComponent("weights.json").path,
            ]) == nil)
        for (special, kind) in specials {
            // Commands writing one file get the device itself; commands writing a folder get
            // it as one of their files.
            let folder = dir.appendingPathComponent("folder-\(special.lastPathComponent)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            func inFolder(_ name: String) throws -> URL {
                let url = folder.appendingPathComponent(name)
                try? FileManager.default.removeItem(at: url)
                try FileManager.default.createSymbolicLink(at: url, withDestinationURL: special)
                return url
            }
            let runs: [([String], URL)] = [
                (["calibrate", history, "--model", "health", "--until", "2024-Q3", "--out", special.path], special),
                (["retention", counts, "--out", special.path], special),
                (["score", history, "--out", try inFolder("scores.csv").path], try inFolder("scores.csv")),
                (["report", reportInput.path, "--out", special.path], special),
                (["simulate", scenario, "--seed", "1", "--trials", "2", "--out", folder.path], try inFolder("trials.csv")),
                (["comp", plan, "--history", history, "--out", folder.path], try inFolder("payouts.csv")),
                (["backtest", history, "--models", "health", "--out", folder.path], try inFolder("backtest.json")),
            ]
            for (arguments, target) in runs {
                let quiet = !["retention", "report"].contains(arguments[0])
                let message = try #require(await Self.failure(arguments, quiet: quiet), "\(arguments[0]) wrote over \(target.path)")
                #expect(message.contains("cannot write \(target.path): it \(kind), not a regular file"), "\(arguments[0]): \(message)")
                var info = stat()
                #expect(stat(special.path, &info) == 0 && info.st_mode & S_IFMT != S_IFREG, "\(special.path) was replaced")
                let temporaries = (Self.leftovers(dir) + Self.leftovers(folder)).filter { $0.hasPrefix(".") }
                #expect(temporaries.isEmpty, "\(arguments[0]) left \(temporaries)")
                if target != special { try FileManager.default.removeItem(at: target) }
            }
        }
    }

    /// Runs that cannot fit in this machine's memory (whatever it is: the sizes are absurd but
    /// within the scenario limits) are refused before anything is created, with the estimate.
    @Test func runsThatCannotFitInMemoryAreRefusedBeforeTheyStart() async throws {
        let dir = try TestSupport.temporaryDirectory("bad-memory")
        defer { try? FileManager.default.removeItem(at: dir) }
        let base = try String(contentsOf: Self.corpus.appendingPathComponent("base-scenario.yaml"), encoding: .utf8)
        let long = dir.appendingPathComponent("long.yaml")
        try base.replacingOccurrences(of: "count: 4", with: "count: 1200").write(to: long, atomically: true, encoding: .utf8)
        let huge = dir.appendingPathComponent("huge.yaml")
        try base.replacingOccurrences(of: "count: 4", with: "count: 1200").replacingOccurrences(of: "customers: 30", with: "customers: 100000000")
            .write(to: huge, atomically: true, encoding: .utf8)
        let plan = Self.corpus.appendingPathComponent("base-plan.yaml").path
        let out = dir.appendingPathComponent("out")
        let runs: [([String], String)] = [
            (["simulate", long.path, "--seed", "1", "--trials", "4000000000", "--out", out.path], "not enough memory: simulate: about "),
            (["comp", plan, "--stress", huge.path, "--trials", "1000", "--out", out.path], "not enough memory: comp --stress: about "),
            (["workbench", huge.path, "--plan", plan, "--out", out.path], "not enough memory: workbench stage"),
        ]
        for (arguments, expected) in runs {
            let message = try #require(await Self.failure(arguments), "\(arguments[0]) started")
            #expect(message.hasPrefix(expected), "\(message)")
            #expect(message.contains("of physical memory; nothing was started or written"), "\(message)")
            #expect(!FileManager.default.fileExists(atPath: out.path), "\(arguments[0]) created \(out.path)")
        }
    }

    /// `report` lists folders: temporary files of a run in progress (or killed) are not outputs.
    @Test func theReportSkipsTemporaryFiles() throws {
        let dir = try TestSupport.temporaryDirectory("report-temporaries")
        defer { try? FileManager.default.removeItem(at: dir) }
        let sub = dir.appendingPathComponent("simulate")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        for url in [
            dir.appendingPathComponent("summary.json"), dir.appendingPathComponent(".summary.json.bearing-tmp.77.0"),
            sub.appendingPathComponent("trials.csv"), sub.appendingPathComponent(".history.csv.bearing-tmp.77.1"),
        ] {
            try Data("{}".utf8).write(to: url)
        }
        #expect(ReportInputs.candidates(dir).map(\.lastPathComponent) == ["summary.json", "trials.csv"])
    }

    /// A single line over 1 MiB (made here, not checked in): the error stays short and located.
    @Test func aLineOverOneMebibyteGivesAShortLocatedError() async throws {
        let out = try TestSupport.temporaryDirectory("bad-input-long")
        defer { try? FileManager.default.removeItem(at: out) }
        let base = try String(contentsOf: Self.corpus.appendingPathComponent("base-history.csv"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        // A 1 MiB feature name in the header: the data rows then have one field too few.
        let header: String = base[0] + ",outcome." + String(repeating: "a", count: 1 << 20)
        let headerFile = out.appendingPathComponent("long-header.csv")
        try (header + "\n" + base[1] + "\n").write(to: headerFile, atomically: true, encoding: .utf8)
        // A 1 MiB ARR value on the first data row.
        var fields: [String] = base[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        fields[5] = String(repeating: "9", count: 1 << 20) + "x"
        let cellFile = out.appendingPathComponent("long-cell.csv")
        let row: String = fields.joined(separator: ",")
        try (base[0] + "\n" + row + "\n").write(to: cellFile, atomically: true, encoding: .utf8)

        let scores = out.appendingPathComponent("result")
        try FileManager.default.createDirectory(at: scores, withIntermediateDirectories: true)
        for (file, location, expected) in [
            (headerFile, ":2: column 15 (outcome.aaaa", "expected 15 fields as in the header"),
            (cellFile, ":2: column 6 (arr)", "expected a number >= 0, found \"9999"),
        ] {
            let message = try #require(await Self.failure(["score", file.path, "--out", scores.appendingPathComponent("s.csv").path]))
            #expect(message.hasPrefix(file.path + location), "\(message.prefix(300))")
            #expect(message.contains(expected), "\(message.prefix(300))")
            #expect(message.count < 2000, "a \(message.count)-character message")
            #expect(Self.leftovers(scores).isEmpty)
        }
    }
}
