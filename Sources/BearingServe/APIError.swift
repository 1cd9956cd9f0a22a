/// The JSON body of every 4xx/5xx answer of `bearing serve`: the HTTP status and a message
/// that says what was expected and what was found (with line and column for a malformed body).
public struct APIError: Error, Codable, Sendable, Hashable, CustomStringConvertible {
    public var status: Int
    public var error: String

    public init(status: Int, _ error: String) {
        self.status = status
        self.error = error
    }

    public var description: String { "\(status): \(error)" }
}
