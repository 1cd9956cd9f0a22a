import ArgumentParser
import BearingCommands
import Foundation

// In top-level code `await Bearing.main()` resolves to the synchronous `ParsableCommand.main()`,
// which refuses an async root command at run time; so parse and dispatch here.
func runAsync(_ command: inout some AsyncParsableCommand) async throws {
    try await command.run()
}

// Ctrl-C or a scheduler's SIGTERM leaves no temporary files and no partial outputs.
InterruptCleanup.install()

var command: any ParsableCommand
do {
    command = try Bearing.parseAsRoot()
} catch {
    Bearing.exit(withError: error)
}
do {
    if var asyncCommand = command as? any AsyncParsableCommand {
        try await runAsync(&asyncCommand)
    } else {
        try command.run()
    }
} catch {
    // The parser's own signals (help, version, clean exits) arrive here too, from its internal
    // help command; let it print them. Ours (and ValidationError) get the subcommand's name.
    let fromParser = String(reflecting: type(of: error)).hasPrefix("ArgumentParser.")
    if fromParser && !(error is ValidationError) { Bearing.exit(withError: error) }
    // An error while running names the subcommand's help, not the root's usage block.
    let message = Bearing.message(for: error)
    if !message.isEmpty {
        let name = type(of: command).configuration.commandName.map { "bearing \($0)" } ?? "bearing"
        FileHandle.standardError.write(Data("Error: \(message)\nSee '\(name) --help' for usage and examples.\n".utf8))
    }
    exit(Bearing.exitCode(for: error).rawValue)
}
