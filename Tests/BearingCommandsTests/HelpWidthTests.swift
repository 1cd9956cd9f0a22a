import ArgumentParser
import Testing

@testable import BearingCommands

/// Every command's `--help` on an 80-column terminal: no line wider than 80 columns, and every
/// example command shown whole (a line of the example as written is a line of the help, so
/// the wrapper never broke it mid-command). The USAGE synopsis is left out of the width check:
/// swift-argument-parser never wraps the generated one; a command keeps it within 80 columns
/// only with its own `usage:` (as `serve` does).
@Suite struct HelpWidthTests {
    static let commands: [any ParsableCommand.Type] = Bearing.configuration.subcommands

    /// The example lines of a discussion: the indented lines after a line starting "Example".
    static func examples(_ discussion: String) -> [String] {
        var inExample = false
        var lines: [String] = []
        for line in discussion.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("Example") {
                inExample = true
            } else if inExample, line.hasPrefix(" ") {
                lines.append(String(line))
            } else if inExample, !line.isEmpty {
                inExample = false
            }
        }
        return lines
    }

    @Test(arguments: commands.map { $0.configuration.commandName ?? "" })
    func helpFitsEightyColumns(name: String) throws {
        let command = try #require(Self.commands.first { $0.configuration.commandName == name })
        let help = Bearing.helpMessage(for: command, columns: 80)
        let lines = help.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var inUsage = false
        for line in lines {
            if line.hasPrefix("USAGE:") { inUsage = true } else if line.isEmpty { inUsage = false }
            guard !inUsage else { continue }
            #expect(line.count <= 80, "\(name): \(line.count) columns: \(line)")
        }
        let examples = Self.examples(command.configuration.discussion)
        #expect(!examples.isEmpty, "\(name) --help has an example")
        for example in examples {
            #expect(
                lines.contains { $0.trimmingCharacters(in: .whitespaces) == example.trimmingCharacters(in: .whitespaces) },
                "\(name): the example line '\(example)' is broken across lines in --help")
        }
    }

    @Test func rootHelpFitsEightyColumns() {
        for line in Bearing.helpMessage(columns: 80).split(separator: "\n") where !line.hasPrefix("USAGE:") {
            #expect(line.count <= 80, "\(line.count) columns: \(line)")
        }
    }

    @Test func versionNamesTheBuild() throws {
        #expect(BuildInfo.version.hasPrefix("0.2.0 ("))
        #expect(BuildInfo.version.contains("Swift 6."))
        #expect(Bearing.configuration.version == BuildInfo.version)
    }
}
