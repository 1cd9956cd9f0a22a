import Dispatch
import Foundation

/// Produces `count` blocks on up to `threads` threads and hands each one to a consumer on the
/// calling thread, in block order, as soon as it and every block before it are done.
///
/// Made for writing a file while it is still being rendered: the consumer's write of block
/// `k` (a kernel copy into the page cache, single-threaded by nature) overlaps the rendering
/// of the blocks after it instead of following all of them. The calling thread is one of the
/// `threads`: it consumes the next block when that is ready and otherwise renders one itself,
/// so no more than `threads` threads are busy. Blocks reach the consumer in order whatever the
/// thread count, so what the consumer builds does not depend on it.
///
/// A consumed block is dropped at once (its memory is returned while later blocks render).
/// If the consumer throws, no further block is started, the workers are waited for and the
/// error is rethrown; the blocks not consumed are dropped.
package enum OrderedBlocks {
    package static func run<Block: Sendable, Failure: Error>(
        count: Int, threads: Int, produce: @escaping @Sendable (Int) -> Block,
        consume: (Block) throws(Failure) -> Void
    ) throws(Failure) {
        guard count > 0 else { return }
        let board = Board<Block>(count: count)
        let helpers = max(0, min(threads, count) - 1)
        let group = DispatchGroup()
        for _ in 0..<helpers {
            DispatchQueue.global().async(group: group) {
                while let k = board.claim() { board.finish(k, produce(k)) }
            }
        }
        defer { group.wait() }
        for next in 0..<count {
            while true {
                switch board.nextStep(for: next) {
                case .consume(let block):
                    do throws(Failure) {
                        try consume(block)
                    } catch {
                        board.stop()
                        throw error
                    }
                case .produce(let k):
                    board.finish(k, produce(k))
                    continue
                }
                break
            }
        }
    }

    /// What the calling thread does next.
    private enum Step<Block> {
        /// Block `next` is ready: consume it.
        case consume(Block)
        /// Block `next` is not ready; render this unclaimed one meanwhile.
        case produce(Int)
    }

    /// The blocks and who has claimed them, guarded by one condition lock.
    ///
    /// `@unchecked Sendable`: every stored property is read and written only under `condition`.
    private final class Board<Block>: @unchecked Sendable {
        private let condition = NSCondition()
        private var done: [Block?]
        private var claimed = 0
        private var stopped = false

        init(count: Int) { done = [Block?](repeating: nil, count: count) }

        /// The next unclaimed block, or nil when all are claimed or the run stopped.
        func claim() -> Int? {
            condition.lock()
            defer { condition.unlock() }
            return claimLocked()
        }

        private func claimLocked() -> Int? {
            guard !stopped, claimed < done.count else { return nil }
            claimed += 1
            return claimed - 1
        }

        func finish(_ k: Int, _ block: Block) {
            condition.lock()
            done[k] = block
            condition.broadcast()
            condition.unlock()
        }

        /// Block `next` when it is done (handed over, its slot emptied); else a block to render
        /// if one is unclaimed; else waits until a block is done.
        func nextStep(for next: Int) -> Step<Block> {
            condition.lock()
            defer { condition.unlock() }
            while true {
                if let block = done[next] {
                    done[next] = nil
                    return .consume(block)
                }
                if let k = claimLocked() { return .produce(k) }
                condition.wait()
            }
        }

        /// No block is claimed after this; blocks being rendered still finish.
        func stop() {
            condition.lock()
            stopped = true
            condition.unlock()
        }
    }
}
