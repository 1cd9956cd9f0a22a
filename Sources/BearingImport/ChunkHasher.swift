import BearingPanel
import Dispatch

/// SHA-256 of a file read in chunks, computed on a second thread while the reader parses: each
/// chunk is copied (memcpy, ~10 GB/s) into the hasher's own buffer and hashed in the background,
/// so parsing never waits for hashing unless the next chunk arrives first. The digest is the
/// same as hashing in line: chunks are hashed in order, one at a time.
///
/// `@unchecked Sendable`: `state`, `copy` and `borrowed` are touched by the background block only between
/// `update` handing a chunk over and the next `wait()`, which every other access starts with.
final class ChunkHasher: @unchecked Sendable {
    private var state = SHA256()
    /// Allocated on the first chunk hashed in the background.
    private var copy: UnsafeMutableRawPointer?
    private var capacity = 0
    /// The caller's bytes being hashed in place (`updateInPlace`).
    private var borrowed = UnsafeRawBufferPointer(start: nil, count: 0)
    private let queue = DispatchQueue(label: "bearing.import.sha256")
    private let group = DispatchGroup()
    /// Chunks smaller than this are hashed in line (not worth a thread hop).
    static let backgroundThreshold = 1 << 20

    init() {}

    deinit {
        group.wait()
        copy?.deallocate()
    }

    /// Hashes `bytes` (after every earlier chunk).
    func update(_ bytes: UnsafeRawBufferPointer) {
        group.wait()
        guard bytes.count >= Self.backgroundThreshold, let base = bytes.baseAddress else {
            state.update(bytes)
            return
        }
        if bytes.count > capacity {
            copy?.deallocate()
            capacity = bytes.count
            copy = .allocate(byteCount: capacity, alignment: 64)
        }
        copy?.copyMemory(from: base, byteCount: bytes.count)
        let count = bytes.count
        queue.async(group: group) { [self] in
            state.update(UnsafeRawBufferPointer(start: copy, count: count))
        }
    }

    /// Hashes `bytes` (after every earlier chunk) in the background without copying them: the
    /// caller keeps them alive and unchanged until `finalize()`.
    func updateInPlace(_ bytes: UnsafeRawBufferPointer) {
        group.wait()
        borrowed = bytes
        queue.async(group: group) { [self] in state.update(borrowed) }
    }

    /// Waits for the chunk being hashed in the background.
    func wait() { group.wait() }

    /// `sha256:<hex>` of everything hashed.
    func finalize() -> String {
        group.wait()
        return state.finalize()
    }
}
