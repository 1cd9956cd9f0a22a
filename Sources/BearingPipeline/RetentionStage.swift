import BearingContracts
import BearingForecast

/// `retention`: a contractual retention model fitted to cohort survivor counts, with
/// projections and lifetimes.
public enum RetentionStage {
    public struct Output: Sendable {
        public var analysis: RetentionAnalysis
        public var text: String
    }

    public static func run(
        countsPath: String, model: RetentionModelKind, periods: Int, discountRate: Double
    ) throws -> Output {
        let cohorts = try SurvivalCountsFile.read(path: countsPath)
        let analysis: RetentionAnalysis
        do {
            analysis = try RetentionAnalysis(cohorts: cohorts, model: model, periods: periods, discountRate: discountRate)
        } catch {
            throw ContractError(path: countsPath, message: error.description)
        }
        return Output(analysis: analysis, text: analysis.render())
    }
}
