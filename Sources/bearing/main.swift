import ArgumentParser
import BearingCommands

// In top-level code `await Bearing.main()` resolves to the synchronous `ParsableCommand.main()`,
// which refuses an async root command at run time; so parse and dispatch here.
func runAsync(_ command: inout some AsyncParsableCommand) async throws {
    try await command.run()
}

// Ctrl-C or a scheduler's SIGTERM leaves no temporary files and no partial outputs.
InterruptCleanup.install()

do {
    var command = try Bearing.parseAsRoot()
    if var asyncCommand = command as? any AsyncParsableCommand {
        try await runAsync(&asyncCommand)
    } else {
        try command.run()
    }
} catch {
    Bearing.exit(withError: error)
}
