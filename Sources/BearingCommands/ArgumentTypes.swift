import ArgumentParser
import BearingCalibration
import BearingContracts
import BearingForecast
import BearingPanel
import BearingVector

extension ModelKind: ExpressibleByArgument {}

extension BacktestWindow: ExpressibleByArgument {
    public static var defaultCompletionKind: CompletionKind { .list(["expanding", "rolling:4"]) }
}

extension BacktestSplit: ExpressibleByArgument {
    public static var defaultCompletionKind: CompletionKind { .list(["periods", "customers:5"]) }
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

/// `--quota`: a rate per period (`0.05` = 5% of book ARR), `trailing` (the default: each
/// segment's observed expansion rate over the previous 4 periods) or a quota file of annual
/// targets (YAML or JSON, see `QuotaFile`), read when the command runs.
struct QuotaArgument: ExpressibleByArgument, Sendable, Hashable {
    enum Value: Sendable, Hashable {
        case rate(Double)
        case trailing
        case file(String)
    }

    var value: Value
    /// As given, for the records of what ran.
    var text: String

    init?(argument: String) {
        let trimmed = argument.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        text = trimmed
        if let rate = Double(trimmed) {
            value = .rate(rate)
        } else if trimmed.hasSuffix("%"), let percent = Double(trimmed.dropLast().trimmingCharacters(in: .whitespaces)) {
            // "5%" is what people type for 0.05.
            value = .rate(percent / 100)
        } else if trimmed.lowercased() == "trailing" {
            value = .trailing
        } else {
            value = .file(trimmed)
        }
    }

    static var defaultCompletionKind: CompletionKind { .file(extensions: ["yaml", "yml", "json"]) }

    /// Rates between 0 and 10 (0.05 = 5% of book ARR); the file is checked when read.
    func validate() throws {
        if case let .rate(r) = value, !(r.isFinite && r >= 0 && r <= 10) {
            throw ValidationError(
                "--quota must be a rate per period between 0 and 10 (0.05 = 5% of book ARR), 'trailing' or a quota file, got \(text)")
        }
    }

    /// The plan, reading the quota file when one is given.
    func plan() throws -> QuotaPlan {
        switch value {
        case let .rate(r): .rate(r)
        case .trailing: .trailing()
        case let .file(path): .file(try ConfigFiles.quotaFile(path))
        }
    }
}
