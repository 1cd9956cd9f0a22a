import BearingContracts
import FlyingFox
import FlyingSocks
import Foundation

/// The tuner's HTTP server (FlyingFox): `TunerHandler` on one address, started by `run()` and
/// stopped gracefully by `stop()` (the listening socket closes at once; requests in flight get
/// `timeout` seconds to finish).
public struct TunerServer: Sendable {
    public let address: ListenAddress
    let server: HTTPServer

    public init(handler: TunerHandler, address: ListenAddress, requestTimeout: TimeInterval = 60) {
        self.address = address
        // The request body is streamed, not buffered, beyond 64 KiB; the handler enforces the limit.
        let config = HTTPServer.Configuration(
            address: address.socketAddress, timeout: requestTimeout, sharedRequestBufferSize: 64 << 10,
            sharedRequestReplaySize: 64 << 10, logger: .disabled)
        server = HTTPServer(config: config, handler: handler)
    }

    /// Serves until `stop()` (or cancellation); throws when the address cannot be bound, with
    /// a message that says so (a port in use: which one, and what to do).
    public func run() async throws {
        do {
            try await server.run()
        } catch SocketError.failed(let type, let code, let message) where type == "Bind" {
            let hint = code == EADDRINUSE ? " (another program listens there; choose another --port, or 0 for any free port)" : ""
            throw ContractError(path: "", message: "cannot listen on \(address.url()): \(message)\(hint)")
        }
    }

    /// Returns once the socket listens (throws after `timeout` seconds).
    public func waitUntilListening(timeout: TimeInterval = 10) async throws {
        try await server.waitUntilListening(timeout: timeout)
    }

    /// The port actually bound (the chosen one when started with port 0).
    public var port: UInt16? {
        get async {
            switch await server.listeningAddress {
            case .ip4(_, let port), .ip6(_, let port): port
            default: nil
            }
        }
    }

    /// Stops accepting connections and waits up to `timeout` seconds for requests in flight.
    public func stop(timeout: TimeInterval = 3) async {
        await server.stop(timeout: timeout)
    }
}
