/// One output file of a command: its name within the output folder and its bytes.
public struct OutputFile: Sendable, Hashable {
    public var name: String
    public var bytes: [UInt8]

    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
    }

    /// `value` as a JSON file in the contract's convention.
    public static func json(_ name: String, _ value: some Encodable) throws(ContractError) -> OutputFile {
        OutputFile(name: name, bytes: try ContractJSON.encode(value))
    }
}
