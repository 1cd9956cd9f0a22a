import BearingPanel

/// Which past periods a walk-forward fit may use when it forecasts period t.
public enum BacktestWindow: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Every period before t.
    case expanding
    /// The last N periods before t.
    case rolling(Int)

    /// Parses `expanding` or `rolling:N` (N ≥ 1).
    public init?(argument: String) {
        if argument == "expanding" {
            self = .expanding
            return
        }
        let parts = argument.split(separator: ":")
        guard parts.count == 2, parts[0] == "rolling", let n = Int(parts[1]), n >= 1 else { return nil }
        self = .rolling(n)
    }

    public var description: String {
        switch self {
        case .expanding: "expanding"
        case .rolling(let n): "rolling:\(n)"
        }
    }

    /// Training periods for forecasting `periods[index]`, ascending.
    public func trainingPeriods(_ periods: [Period], before index: Int) -> [Period] {
        let past = periods[..<index]
        switch self {
        case .expanding: return Array(past)
        case .rolling(let n): return Array(past.suffix(n))
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let w = BacktestWindow(argument: text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "expected expanding or rolling:N, found \(text)"))
        }
        self = w
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
