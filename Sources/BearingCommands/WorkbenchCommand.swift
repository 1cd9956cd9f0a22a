import ArgumentParser

public struct WorkbenchCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(commandName: "workbench")
    public init() {}
    public func run() throws {}
}
