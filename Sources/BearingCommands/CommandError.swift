/// Why a command stopped, for problems found by the command itself (the library's errors —
/// panel, config and contract errors — already name their file, line and column and pass
/// through unchanged).
public struct CommandError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
