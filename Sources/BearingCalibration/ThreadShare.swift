import Synchronization

/// The kernel threads of sequences of fits that run side by side (a walk-forward's vector and
/// baseline sequences): each running sequence gets an equal share of the cores, and when one
/// finishes the others take its share from their next fit on.
///
/// Two sequences each splitting every Newton pass over every core put twice as many threads
/// as cores on the kernel, and a pass waits for its slowest block. Results do not depend on
/// the thread count (`LogisticKernel`), so the share only moves the time.
final class ThreadShare: Sendable {
    private let total: Int
    private let running: Atomic<Int>

    /// `total` threads shared by `sequences` sequences that have started.
    init(total: Int, sequences: Int) {
        self.total = max(1, total)
        self.running = Atomic(max(1, sequences))
    }

    /// Threads for one fit of a running sequence: at least one.
    var perSequence: Int { max(1, total / max(1, running.load(ordering: .relaxed))) }

    /// A sequence has finished: the others share its threads.
    func finished() {
        running.subtract(1, ordering: .relaxed)
    }
}
