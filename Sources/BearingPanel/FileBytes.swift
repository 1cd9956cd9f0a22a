import Foundation

/// A whole file's bytes in memory, for the parsers that read a file in place (the panel
/// reader on several threads, the export import's runs).
///
/// A regular file is mapped (private, copy on write): no copy from the page cache into a buffer
/// of our own, and its pages are mapped as the parsing threads first touch them, in parallel
/// (pre-faulting them all with `MAP_POPULATE` was ~30 ms slower on a 142 MB panel: serial time
/// before parsing starts). Writes (the import collapses doubled quotes in place) stay in
/// this process. Anything else (a pipe, a device) is read into an allocated buffer. A file
/// truncated by another process while mapped ends the process with SIGBUS, as with any mapping;
/// Bearing never writes the files it reads.
package final class FileBytes: @unchecked Sendable {
    /// The bytes; valid while this object lives.
    package let buffer: UnsafeMutableBufferPointer<UInt8>
    private let mapped: Bool

    package init(path: String, fileName: String) throws(PanelError) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw Self.failure(fileName) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw Self.failure(fileName) }
        let size = Int(info.st_size)
        if info.st_mode & S_IFMT == S_IFREG, size > 0 {
            if let base = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0), base != MAP_FAILED {
                buffer = UnsafeMutableBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: size)
                mapped = true
                return
            }
        }
        let bytes = try HistoryCSVReader.fileBytes(path: path, fileName: fileName)
        let copy = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, bytes.count))
        _ = copy.initialize(from: bytes)
        buffer = UnsafeMutableBufferPointer(rebasing: copy[0..<bytes.count])
        mapped = false
    }

    deinit {
        if mapped {
            munmap(buffer.baseAddress, buffer.count)
        } else {
            buffer.deallocate()
        }
    }

    private static func failure(_ fileName: String) -> PanelError {
        PanelError(.io, file: fileName, expected: "a readable file", found: HistoryCSVReader.systemError())
    }
}
