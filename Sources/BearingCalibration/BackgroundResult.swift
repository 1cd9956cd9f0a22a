import Dispatch
import Synchronization

/// A value computed on a second thread while the caller goes on with other work.
final class BackgroundResult<T: Sendable>: Sendable {
    private let slot = Mutex<T?>(nil)
    private let group = DispatchGroup()

    /// Starts `work` on a global queue.
    init(_ work: @escaping @Sendable () -> T) {
        DispatchQueue.global().async(group: group) { [self] in
            let value = work()
            slot.withLock { $0 = value }
        }
    }

    /// Waits for the work to finish and returns its value (once; nil after that).
    func value() -> T? {
        group.wait()
        return slot.withLock { $0.take() }
    }
}
