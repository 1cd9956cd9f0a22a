import ArgumentParser
import BearingCalibration
import BearingContracts
import BearingPanel
import BearingForecast
import BearingVector

extension ModelKind: ExpressibleByArgument {}

extension BacktestWindow: ExpressibleByArgument {
    public static var defaultCompletionKind: CompletionKind { .list(["expanding", "rolling:4"]) }
}

extension Shard: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}

/// A comma-separated list of models, e.g. `vector,logistic,health`.
struct ModelList: ExpressibleByArgument, Sendable, Hashable {
    var models: [ModelKind]

    init?(argument: String) {
        let parts = argument.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let models = parts.compactMap(ModelKind.init(rawValue:))
        guard !models.isEmpty, models.count == parts.count, Set(models).count == models.count else { return nil }
        self.models = models
    }

    init(_ models: [ModelKind]) { self.models = models }

    var defaultValueDescription: String { models.map(\.rawValue).joined(separator: ",") }

    static var defaultCompletionKind: CompletionKind { .list(["vector,logistic,health"]) }
}

extension RetentionModelKind: ExpressibleByArgument {}

extension Granularity: ExpressibleByArgument {}
