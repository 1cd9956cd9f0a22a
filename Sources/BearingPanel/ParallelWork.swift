import Dispatch
import Foundation

/// Runs `count` independent work items on `threads` workers, each item exactly once, and
/// returns their results in item order. Which worker runs which item varies; results do not,
/// because every item writes only its own slot and items share no state.
package enum ParallelWork {
    package static func map<T: Sendable>(
        count: Int, threads: Int, _ body: @Sendable (Int) -> T, completed: (@Sendable (Int) -> Void)? = nil
    ) -> [T] {
        let slots = Slots<T>(count: count)
        let queue = WorkQueue(count: count)
        let workers = max(1, min(threads, count))
        if workers == 1 {
            for i in 0..<count {
                slots.set(i, body(i))
                completed?(i + 1)
            }
        } else {
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while let i = queue.next() {
                    slots.set(i, body(i))
                    if let completed { completed(queue.finish()) }
                }
            }
        }
        return slots.take()
    }

    /// Disjoint result slots written from several threads: slot i is written once, by the worker
    /// that took item i, and read only after every worker has returned.
    private final class Slots<T: Sendable>: @unchecked Sendable {
        private let base: UnsafeMutablePointer<T?>
        private let count: Int

        init(count: Int) {
            self.count = count
            base = .allocate(capacity: max(1, count))
            base.initialize(repeating: nil, count: count)
        }

        func set(_ i: Int, _ value: T) { base[i] = value }

        func take() -> [T] { (0..<count).compactMap { base[$0] } }

        deinit {
            base.deinitialize(count: count)
            base.deallocate()
        }
    }

    private final class WorkQueue: @unchecked Sendable {
        private let lock = NSLock()
        private var nextItem = 0
        private var finished = 0
        private let count: Int

        init(count: Int) { self.count = count }

        func next() -> Int? {
            lock.lock()
            defer { lock.unlock() }
            guard nextItem < count else { return nil }
            nextItem += 1
            return nextItem - 1
        }

        func finish() -> Int {
            lock.lock()
            defer { lock.unlock() }
            finished += 1
            return finished
        }
    }
}
