import Foundation

/// A file opened for one sequential pass: its size when known, and reads that fill a buffer
/// (retried on `EINTR`). Shared by the panel reader and the importers, which wrap the system's
/// message in their own located error.
package final class SequentialFile {
    /// The system's message for a failed open or read (`strerror`).
    package struct Failure: Error {
        package let message: String
    }

    private let fd: Int32
    /// The size from `fstat`, nil when unknown.
    package let size: Int?

    package init(path: String) throws(Failure) {
        fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw Failure(message: String(cString: strerror(errno))) }
        var info = stat()
        size = fstat(fd, &info) == 0 ? Int(info.st_size) : nil
        #if os(Linux)
            _ = posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL)
        #endif
    }

    deinit { close(fd) }

    /// Fills `buffer` with the next bytes; returns how many (0 at the end).
    package func read(into buffer: UnsafeMutableRawBufferPointer) throws(Failure) -> Int {
        while true {
            let n = Foundation.read(fd, buffer.baseAddress, buffer.count)
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw Failure(message: String(cString: strerror(errno)))
        }
    }
}
