import BearingPanel
import Foundation
import Testing

/// `OrderedBlocks` hands blocks over in order whatever the thread count, and stops starting
/// blocks when the consumer fails.
struct OrderedBlocksTests {
    struct Stop: Error, Equatable {}

    /// Blocks take uneven time so that later ones often finish first.
    static func slowBlock(_ k: Int) -> [Int] {
        if k % 3 == 1 { usleep(2_000) }
        return Array(repeating: k, count: k % 5 + 1)
    }

    @Test(arguments: [1, 2, 3, 8])
    func consumesEveryBlockOnceInOrder(threads: Int) {
        for count in [0, 1, 2, 7, 40] {
            var seen: [[Int]] = []
            OrderedBlocks.run(count: count, threads: threads, produce: Self.slowBlock) { seen.append($0) }
            #expect(seen == (0..<count).map(Self.slowBlock), "\(count) blocks on \(threads) threads")
        }
    }

    @Test(arguments: [1, 2, 3])
    func aFailingConsumerStopsTheRunAndItsErrorIsRethrown(threads: Int) {
        let produced = Counter()
        var consumed = 0
        #expect(throws: Stop()) {
            try OrderedBlocks.run(count: 1_000, threads: threads) { k in
                produced.add()
                usleep(200)
                return k
            } consume: { (k) throws(Stop) in
                consumed += 1
                if k == 5 { throw Stop() }
            }
        }
        #expect(consumed == 6)
        // The run returned after its workers: nothing is produced later.
        let after = produced.value
        usleep(20_000)
        #expect(produced.value == after)
        #expect(after < 1_000)
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0

        func add() {
            lock.lock()
            count += 1
            lock.unlock()
        }

        var value: Int {
            lock.lock()
            defer { lock.unlock() }
            return count
        }
    }
}
