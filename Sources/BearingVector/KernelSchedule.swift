import Dispatch
import Foundation
internal import _BearingStreaming

/// Hands out block numbers 0, 1, 2, … to the workers. A lock rather than `Atomic`, which
/// needs macOS 15; with ~1 MiB of features per block, 10M customers take the lock ~600 times.
final class BlockCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0

    func take() -> Int {
        lock.lock()
        defer { lock.unlock() }
        next += 1
        return next - 1
    }
}

/// Fewest customers for which the kernel writes its float outputs with streaming stores:
/// 256Ki customers write 3 MiB of scores, more than a core's share of cache.
let streamingMinimum = 1 << 18

/// Customers per unit of parallel work (a multiple of the 16 lanes): big enough that thread
/// hand-off costs nothing, small enough to balance two cores.
let kernelBlock = 16 * 1024

extension VectorScorer {
    /// Splits `count` customers into fixed blocks of `kernelBlock`; workers take the next free
    /// block from a shared counter, so a core slowed by other work takes fewer blocks instead
    /// of holding up the rest. Which worker scores a block never changes its bytes. Customers
    /// before the first 64-byte-aligned output slot (streaming only) and the last partial
    /// vector go through a padded copy that runs the same lanes code, so every customer's
    /// bytes are the same whatever the split.
    func run(_ io: KernelIO, count: Int, threads: Int) {
        let head = streamingHead(io, count: count)
        let streaming = head != nil
        let start = head ?? 0
        let fullVectors = (count - start) / 16
        let end = start + fullVectors * 16
        let blocks = (end - start + kernelBlock - 1) / kernelBlock
        let workers = max(1, min(threads, blocks))
        withKernelPlan(base: io.features, stride: io.stride) { plan in
            @Sendable func score(block: Int) {
                var i = start + block * kernelBlock
                let blockEnd = min(i + kernelBlock, end)
                // Two vectors per step: their dependency chains (sums, then the polynomial
                // transforms) interleave, which hides the latency one vector alone exposes.
                // The `streaming` branch is hoisted so each loop has one kind of store.
                if streaming {
                    while i + 32 <= blockEnd {
                        scoreTwoVectors(plan, io, at: i, streaming: true)
                        i += 32
                    }
                } else {
                    while i + 32 <= blockEnd {
                        scoreTwoVectors(plan, io, at: i, streaming: false)
                        i += 32
                    }
                }
                if i < blockEnd { scoreVector(plan, io, at: i) }
            }
            if workers == 1 {
                for block in 0..<blocks { score(block: block) }
                if streaming { bearing_stream_fence() }
            } else {
                let counter = BlockCounter()
                DispatchQueue.concurrentPerform(iterations: workers) { _ in
                    while true {
                        let block = counter.take()
                        guard block < blocks else { break }
                        score(block: block)
                    }
                    if streaming { bearing_stream_fence() }
                }
            }
        }
        if start > 0 { scoreTail(io, at: 0, count: start) }
        let tail = count - end
        if tail > 0 { scoreTail(io, at: end, count: tail) }
    }

    /// How many leading customers to score through the padded copy so that the three bounded
    /// outputs are 64-byte aligned from there on, or nil to use ordinary stores: below
    /// `streamingMinimum` customers (the outputs fit in cache and are likely read next), or
    /// when the three outputs are not aligned alike (then no single offset aligns them all).
    func streamingHead(_ io: KernelIO, count: Int) -> Int? {
        guard count >= streamingMinimum, bearing_stream_supported() != 0 else { return nil }
        let offset = UInt(bitPattern: io.direction) % 64
        guard offset % 4 == 0, UInt(bitPattern: io.magnitude) % 64 == offset,
            UInt(bitPattern: io.probability) % 64 == offset
        else { return nil }
        return Int((64 - offset) % 64) / 4
    }

    /// The last `count` (< 16) customers: copies their columns into a 16-wide scratch matrix
    /// padded with NaN (imputed like any missing value) and runs the same lanes code.
    func scoreTail(_ io: KernelIO, at start: Int, count: Int) {
        let columns = columnNames.count
        var scratch = [Float](repeating: .nan, count: columns * 16)
        for c in 0..<columns {
            for k in 0..<count { scratch[c * 16 + k] = io.features[c * io.stride + start + k] }
        }
        scratch.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            withKernelPlan(base: base, stride: 16) { plan in
                let (d, m, z, g) = rawLanes(plan, at: 0)
                let (direction, magnitude, probability, category) = transform(plan, d, m, z, g)
                for k in 0..<count {
                    io.direction[start + k] = direction[k]
                    io.magnitude[start + k] = magnitude[k]
                    io.probability[start + k] = probability[k]
                    io.category[start + k] = category[k]
                    io.directionRaw?[start + k] = d[k]
                    io.magnitudeRaw?[start + k] = m[k]
                }
            }
        }
    }
}
