import ArgumentParser

/// A command whose work returns the text it prints: `run()` prints it, tests call `execute()`.
protocol TextCommand: ParsableCommand {
    /// Does the work, writes the files and returns what goes to stdout.
    func execute() throws -> String
}

extension TextCommand {
    public func run() throws {
        print(try execute(), terminator: "")
    }
}
