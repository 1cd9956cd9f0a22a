import BearingPanel
import Foundation

/// The SHA-256 of a history file's bytes, `sha256:<hex>`: hashed on a thread of its own while
/// the panel is parsed (it only reads the bytes), or only when first asked for.
public final class HistoryDigest: @unchecked Sendable {
    /// When the bytes are hashed.
    public enum Timing: Sendable {
        /// On a thread of its own, at once.
        case concurrent
        /// On first use of `value`; never when no output records the hash.
        case whenAsked
    }

    // Guarded by `lock`: the file until it is hashed, then the digest.
    private let lock = NSLock()
    private var file: FileBytes?
    private var digest: String?
    private let done: DispatchSemaphore?

    /// A digest known already.
    init(known: String) {
        digest = known
        done = nil
    }

    /// The digest of `file`'s bytes, which stay mapped until they are hashed.
    init(_ file: FileBytes, timing: Timing) {
        switch timing {
        case .whenAsked:
            self.file = file
            done = nil
        case .concurrent:
            let done = DispatchSemaphore(value: 0)
            self.done = done
            DispatchQueue.global().async { [self] in
                let value = Self.hash(file)
                lock.withLock { digest = value }
                done.signal()
            }
        }
    }

    /// `sha256:<hex>`; waits for the hashing thread, or hashes now.
    public var value: String {
        if let done {
            done.wait()
            done.signal()
        }
        return lock.withLock {
            if let digest { return digest }
            let value = file.map(Self.hash) ?? ""
            digest = value
            file = nil
            return value
        }
    }

    private static func hash(_ file: FileBytes) -> String {
        FileDigest.sha256(UnsafeRawBufferPointer(file.buffer))
    }
}
