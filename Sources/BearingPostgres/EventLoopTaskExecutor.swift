import NIOCore

/// Runs a task's jobs on one NIO event loop.
///
/// The synchronous entry point blocks its caller while a task reads the server. If that task
/// ran on Swift's cooperative pool and the caller were itself a pool thread (an async test, or
/// a command run from async code), a blocked pool could starve it. Preferring the event loop
/// the connection already lives on keeps the task off the pool entirely.
final class EventLoopTaskExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute {
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }
}
