import ArgumentParser
@testable import BearingCommands
import Foundation
import Testing
import _TestSupport

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
              let cases = try? JSONDecoder().decode([Case].self, from: data) else { return [] }
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
    static func failure(_ arguments: [String]) async -> String? {
        do {
            var command = try Bearing.parseAsRoot(arguments + ["--quiet"])
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
