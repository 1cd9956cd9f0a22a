import Dispatch
import Synchronization

/// A bounded queue from the task that reads the server to the thread that called the
/// synchronous ``PostgresRowSource`` entry point, so the caller's consumer runs on the
/// caller's thread, in order, and needs not be `Sendable`.
///
/// Back-pressure: the producer suspends (without blocking a thread) while `capacity` items
/// wait unread, and the driver in turn stops reading the socket, so memory holds at most
/// `capacity` batches plus the driver's own row buffer, however large the result.
final class RowHandoff: Sendable {
    enum Item: Sendable {
        case header([String])
        case rows([[String?]])
        /// The last item: nil when the result ended normally.
        case end(PostgresSourceError?)

        var rowCount: Int {
            if case .rows(let rows) = self { rows.count } else { 0 }
        }
    }

    private struct State: Sendable {
        var items: [Item] = []
        var waitingProducer: CheckedContinuation<Void, Never>?
        var consumerGone = false
        var queuedRows = 0
        var peakQueuedRows = 0
    }

    private let state = Mutex(State())
    private let available = DispatchSemaphore(value: 0)
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
    }

    /// Queues `item`, suspending while the queue is full. False once the consumer has stopped
    /// reading (the producer should then stop too).
    func put(_ item: Item) async -> Bool {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let (queued, resumeNow) = state.withLock { state -> (Bool, Bool) in
                if state.consumerGone { return (false, true) }
                state.items.append(item)
                state.queuedRows += item.rowCount
                state.peakQueuedRows = max(state.peakQueuedRows, state.queuedRows)
                if state.items.count < capacity { return (true, true) }
                state.waitingProducer = continuation
                return (true, false)
            }
            if queued { available.signal() }
            if resumeNow { continuation.resume() }
        }
        return !state.withLock { $0.consumerGone }
    }

    /// The next item, blocking the calling thread until there is one. Call from one thread.
    func take() -> Item {
        available.wait()
        let (item, producer) = state.withLock { state -> (Item, CheckedContinuation<Void, Never>?) in
            // The queue is a handful of items: removing the first is cheap.
            let item = state.items.removeFirst()
            state.queuedRows -= item.rowCount
            let producer = state.items.count < capacity ? state.waitingProducer : nil
            if producer != nil { state.waitingProducer = nil }
            return (item, producer)
        }
        producer?.resume()
        return item
    }

    /// The most rows that waited in the queue at once.
    var peakQueuedRows: Int { state.withLock { $0.peakQueuedRows } }

    /// The consumer stops reading: drop what is queued and let a suspended producer go.
    func abandon() {
        let producer = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.consumerGone = true
            state.items.removeAll()
            defer { state.waitingProducer = nil }
            return state.waitingProducer
        }
        producer?.resume()
    }
}
