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
        guard let n = ArgumentCoding.count(after: "rolling", in: argument, atLeast: 1) else { return nil }
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
        self = try ArgumentCoding.decode(from: decoder, forms: "expanding or rolling:N", parse: Self.init(argument:))
    }

    public func encode(to encoder: any Encoder) throws {
        try ArgumentCoding.encode(self, to: encoder)
    }
}
