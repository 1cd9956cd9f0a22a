import Foundation

/// A whole file's bytes in memory, for the parsers that read a file in place (the panel
/// reader on several threads, the export import's runs).
///
/// A regular file is mapped (read only, private): no copy from the page cache into a buffer
/// of our own, and its pages are mapped as the parsing threads first touch them, in parallel
/// (pre-faulting them all with `MAP_POPULATE` was ~30 ms slower on a 142 MB panel: serial time
/// before parsing starts). No reader writes the bytes (cells with doubled quotes are collapsed
/// into a scratch block), so a stray write would fault rather than change what is hashed.
/// Anything else (a pipe, a device) is read into an allocated buffer. A file
/// truncated by another process while mapped ends the process with SIGBUS, as with any mapping;
/// Bearing never writes the files it reads.
package final class FileBytes: @unchecked Sendable {
    /// The bytes; valid while this object lives.
    package var buffer: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(storage) }
    private let storage: UnsafeMutableBufferPointer<UInt8>
    private let mapped: Bool

    package init(path: String, fileName: String) throws(PanelError) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw Self.failure(fileName) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw Self.failure(fileName) }
        let size = Int(info.st_size)
        if info.st_mode & S_IFMT == S_IFREG, size > 0 {
            if let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED {
                storage = UnsafeMutableBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: size)
                mapped = true
                return
            }
        }
        let bytes = try HistoryCSVReader.fileBytes(path: path, fileName: fileName)
        let copy = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, bytes.count))
        _ = copy.initialize(from: bytes)
        storage = UnsafeMutableBufferPointer(rebasing: copy[0..<bytes.count])
        mapped = false
    }

    deinit {
        if mapped {
            munmap(storage.baseAddress, storage.count)
        } else {
            storage.deallocate()
        }
    }

    private static func failure(_ fileName: String) -> PanelError {
        PanelError(.io, file: fileName, expected: "a readable file", found: HistoryCSVReader.systemError())
    }
}
