import ArgumentParser
import BearingContracts
import BearingPanel
import BearingPipeline
import BearingServe
import Dispatch
import Foundation
import Synchronization

/// `bearing serve HISTORY [--weights W] [--port 8080] [--host 127.0.0.1] [--from P] [--to P]`
public struct ServeCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "A local page to tune the Success Vector's weights by hand against live backtest metrics.",
        usage: """
            bearing serve <history> [--weights <weights>] [--port <port>]
              [--host <host>] [--from <period>] [--to <period>] [--threads <threads>] [--quiet]
            """,
        discussion: """
            Holds HISTORY in memory and serves a page with a slider per direction and magnitude \
            weight and per category threshold. Every change rescores the backtest window \
            (--from...--to; default the second half of the periods) and shows AUC, Brier score, \
            top-decile lift, churn by category and cohort and the vector map, beside the \
            calibrated weights (--weights, or fitted on the periods before the window) and the \
            equal-weight health score fitted on the same periods. Buttons: calibrate from here, \
            reset to calibrated, download weights.json (marked hand-tuned).

            Listens on 127.0.0.1 only unless --host says otherwise. The JSON API (POST \
            /api/evaluate with a weights.json body) is described in docs/serve.md. Ctrl-C stops \
            the server after the requests in flight.

            Example:
              bearing serve history.csv --weights weights.json --port 8080
            """)

    @OptionGroup var input: HistoryArgument

    @Option(help: "Calibrated weights to start from (default: fit the vector model on the periods before the window).")
    var weights: String?

    @Option(help: "Port to listen on (0: any free port, printed at start).")
    var port: Int = 8080

    @Option(help: "Address to listen on; anything but loopback exposes the history's metrics to the network.")
    var host: String = "127.0.0.1"

    @Option(help: "First period of the backtest window (default: the period after the first half).")
    var from: String?

    @Option(help: "Last period of the backtest window (default: the last period).")
    var to: String?

    @OptionGroup var threads: ThreadsOption
    @OptionGroup var quiet: QuietFlag

    public init() {}

    public func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535, got \(port)") }
        for (option, value) in [("--from", from), ("--to", to)] {
            if let value, Period(label: value) == nil {
                throw ValidationError("\(option) must be a period like 2025-Q2 or 2025-06, got '\(value)'")
            }
        }
        do {
            _ = try ListenAddress(host: host, port: UInt16(port))
        } catch {
            throw ValidationError(error.message)
        }
    }

    /// Reads the history and weights, fits the baselines and builds the server (not started).
    func prepare() throws -> TunerServer {
        let progress = quiet.reporter
        let history = try input.read(progress)
        let calibrated = try weights.map { try ConfigFiles.weights($0) }
        let evaluator = try Evaluator(
            history: history, calibrated: calibrated,
            options: Evaluator.Options(from: from, to: to, threads: threads.count), progress: progress.sink)
        let handler = try TunerHandler(
            evaluator: evaluator, history: history.path,
            calibratedSource: weights ?? "vector model fitted on the periods before the window")
        let address: ListenAddress
        do {
            address = try ListenAddress(host: host, port: UInt16(port))
        } catch {
            throw CommandError(error.message)
        }
        return TunerServer(handler: handler, address: address)
    }

    public func run() async throws {
        let server = try prepare()
        if !server.address.isLoopback {
            FileHandle.standardError.write(
                Data(
                    "bearing: warning: listening on \(server.address.host), not loopback: anyone who can reach this machine can read this history's metrics\n"
                        .utf8))
        }
        // Ctrl-C stops the server gracefully instead of exiting at once (no files are written here).
        InterruptCleanup.handOver()
        let stopping = StopFlag()
        var sources: [any DispatchSourceSignal] = []
        for signalNumber in [SIGINT, SIGTERM] {
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                guard stopping.set() else { return }
                FileHandle.standardError.write(Data("\nbearing: stopping the server\n".utf8))
                Task { await server.stop(timeout: 3) }
            }
            source.resume()
            sources.append(source)
        }
        defer { for source in sources { source.cancel() } }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    try await server.run()
                } catch {
                    // Stopping closes the socket, which ends `run` with an error; only others count.
                    if !stopping.isSet { throw error }
                }
            }
            group.addTask {
                try await server.waitUntilListening()
                let port = await server.port
                // Written unbuffered: scripts wait for this line to know the port.
                FileHandle.standardOutput.write(Data("Serving the tuner at \(server.address.url(port: port)) (Ctrl-C to stop)\n".utf8))
            }
            // The first failure (a port in use) ends the wait at once; the other task is cancelled.
            while try await group.next() != nil {}
        }
    }
}

/// Set once by the first SIGINT/SIGTERM; read by the task that runs the server.
private final class StopFlag: Sendable {
    private let value = Mutex(false)

    /// Sets the flag; true when this call set it (the first signal).
    func set() -> Bool {
        value.withLock { set in
            defer { set = true }
            return !set
        }
    }

    var isSet: Bool { value.withLock { $0 } }
}
