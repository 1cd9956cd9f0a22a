import _BearingText

/// A file Bearing reads or writes could not be read, written or understood; the message names
/// the file (and line and column where the format has them) and what was expected.
public struct ContractError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file, as given on the command line (empty when no file is involved).
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    /// Input quoted in the message (cells, keys, names) is shown escaped: no raw control bytes.
    public var description: String {
        let shown = DisplayEscaping.escaped(message, limit: 2000)
        return path.isEmpty ? shown : "\(path): \(shown)"
    }
}
