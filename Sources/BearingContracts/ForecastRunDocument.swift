import BearingForecast

/// A forecast result that `ForecastRunDocument` writes with its `ForecastSource`.
public protocol ForecastRunResult: Codable, Sendable, Hashable {
    /// The name of the document's file.
    static var fileName: String { get }
    /// The key the result is written under, beside the source's keys.
    static var documentKey: String { get }
}

/// A forecast result and where it came from, in one JSON object: the source's keys and the
/// result under `Result.documentKey` side by side, so both documents share one provenance.
public struct ForecastRunDocument<Result: ForecastRunResult>: Codable, Sendable, Hashable {
    public static var fileName: String { Result.fileName }

    public var source: ForecastSource
    public var result: Result

    public init(source: ForecastSource, result: Result) {
        self.source = source
        self.result = result
    }

    public init(from decoder: any Decoder) throws {
        source = try ForecastSource(from: decoder)
        result = try decoder.container(keyedBy: ResultKey.self).decode(Result.self, forKey: ResultKey())
    }

    public func encode(to encoder: any Encoder) throws {
        try source.encode(to: encoder)
        var container = encoder.container(keyedBy: ResultKey.self)
        try container.encode(result, forKey: ResultKey())
    }

    private struct ResultKey: CodingKey {
        var stringValue: String { Result.documentKey }
        var intValue: Int? { nil }
        init() {}
        init?(stringValue: String) {
            guard stringValue == Result.documentKey else { return nil }
        }
        init?(intValue: Int) { nil }
    }
}

/// `forecast.json`, written by `forecast`: the forecast with where it came from.
public typealias ForecastDocument = ForecastRunDocument<ExpansionForecast>

/// `comparison.json` of `compare-forecasts`: quota vs vector vs actual, walked forward, with
/// where it came from.
public typealias ForecastComparisonDocument = ForecastRunDocument<ForecastComparison>

extension ExpansionForecast: ForecastRunResult {
    public static let fileName = "forecast.json"
    public static let documentKey = "forecast"
}

extension ForecastComparison: ForecastRunResult {
    public static let fileName = "comparison.json"
    public static let documentKey = "comparison"
}
