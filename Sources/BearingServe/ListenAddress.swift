import BearingContracts
import FlyingFox
import FlyingSocks
import Foundation

/// Where `bearing serve` listens: an IPv4 or IPv6 address (`localhost` is 127.0.0.1) and a port.
public struct ListenAddress: Sendable {
    public var host: String
    public var port: UInt16
    /// 127.0.0.0/8 or ::1: only this machine can connect.
    public var isLoopback: Bool
    let socketAddress: any SocketAddress

    /// Parses `host` (an IP literal or `localhost`; `[::1]` brackets allowed).
    public init(host: String, port: UInt16) throws(ContractError) {
        var literal = host
        if literal == "localhost" { literal = "127.0.0.1" }
        if literal.hasPrefix("["), literal.hasSuffix("]") { literal = String(literal.dropFirst().dropLast()) }
        self.host = literal
        self.port = port
        if literal.contains(":") {
            guard let address = try? sockaddr_in6.inet6(ip6: literal, port: port) else {
                throw ContractError(path: "", message: "--host expects an IPv4 or IPv6 address or localhost, got '\(host)'")
            }
            socketAddress = address
            isLoopback = literal == "::1"
        } else {
            guard literal.split(separator: ".").count == 4, let address = try? sockaddr_in.inet(ip4: literal, port: port) else {
                throw ContractError(path: "", message: "--host expects an IPv4 or IPv6 address or localhost, got '\(host)'")
            }
            socketAddress = address
            isLoopback = literal.hasPrefix("127.")
        }
    }

    /// `http://host:port/` for printing (IPv6 in brackets).
    public func url(port actual: UInt16? = nil) -> String {
        let name = host.contains(":") ? "[\(host)]" : host
        return "http://\(name):\(actual ?? port)/"
    }
}
