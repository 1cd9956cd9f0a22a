import BearingPanel
import Foundation

/// Where a delimited table's bytes come from: a file, read in chunks with `read(2)`, or bytes
/// in memory, handed over in the same pieces (so tests cross every chunk boundary a file does).
enum ByteSource {
    case file(URL)
    case bytes([UInt8], name: String)

    /// What errors call the source: the path, or the given name.
    var name: String {
        switch self {
        case .file(let url): url.path
        case .bytes(_, let name): name
        }
    }

    /// Opens the source and calls `body` with its size (when known) and a reader that fills a
    /// buffer and returns the bytes read (0 at the end).
    func withReader<R>(
        _ body: (_ size: Int?, _ read: (UnsafeMutableRawBufferPointer) throws(ImportError) -> Int) throws(ImportFailure) -> R
    ) throws(ImportFailure) -> R {
        switch self {
        case .file(let url):
            let name = url.path
            let file: SequentialFile
            do throws(SequentialFile.Failure) {
                file = try SequentialFile(path: name)
            } catch {
                throw ImportFailure(ImportError(.io, file: name, expected: "a readable file", found: error.message))
            }
            return try body(file.size) { (buffer) throws(ImportError) -> Int in
                do throws(SequentialFile.Failure) {
                    return try file.read(into: buffer)
                } catch {
                    throw ImportError(.io, file: name, expected: "a readable file", found: error.message)
                }
            }
        case .bytes(let bytes, _):
            var source = ChunkedBytes(bytes)
            return try body(bytes.count) { source.read(into: $0) }
        }
    }
}
