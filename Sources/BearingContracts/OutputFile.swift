import BearingPanel

/// One output file of a command: its name within the output folder and its bytes, held in
/// memory or produced chunk by chunk as the file is written (`ChunkedContent`).
public struct OutputFile: Sendable {
    public var name: String
    private var content: Content

    private enum Content: Sendable {
        case bytes([UInt8])
        case chunks(any ChunkedContent)
    }

    public init(name: String, bytes: [UInt8]) {
        self.name = name
        content = .bytes(bytes)
    }

    /// A file whose bytes are produced when it is written, so producing overlaps writing.
    public init(name: String, chunks: some ChunkedContent) {
        self.name = name
        content = .chunks(chunks)
    }

    /// The whole file in memory; chunked content is produced again and joined on every call.
    public var bytes: [UInt8] {
        switch content {
        case .bytes(let bytes):
            return bytes
        case .chunks(let chunks):
            var bytes: [UInt8] = []
            chunks.produce { bytes.append(contentsOf: $0) }
            return bytes
        }
    }

    /// Appends the file's bytes to `output`, chunk by chunk as they are produced.
    public func write(to output: AtomicOutput) throws(FileOutputError) {
        switch content {
        case .bytes(let bytes):
            try output.write(bytes)
        case .chunks(let chunks):
            try chunks.produce { (chunk) throws(FileOutputError) in try output.write(chunk) }
        }
    }

    /// `value` as a JSON file in the contract's convention.
    public static func json(_ name: String, _ value: some Encodable) throws(ContractError) -> OutputFile {
        OutputFile(name: name, bytes: try ContractJSON.encode(value))
    }
}
