import BearingPanel
import BearingVector

extension Backtest {
    /// The judged rows of every model, pooled in the order they were judged, and the fits' notes.
    struct Pool {
        struct Rows {
            var labels: [Bool] = []
            var probabilities: [Double] = []
            var categories: [VectorCategory] = []
            var cohorts: [Cohort] = []
        }

        let models: [ModelKind]
        var byModel: [ModelKind: Rows] = [:]
        /// Customer of each pooled row, the same for every model.
        var customers: [Int32] = []
        var notes = NoteLog()

        init(models: [ModelKind]) {
            self.models = models
        }

        /// Scores `test` with each model's fit, pools the rows and returns the per-model results
        /// of this period or fold (`label` names it in notes).
        mutating func add(
            _ fits: [ModelKind: ModelFit], models: [ModelKind], panel: HistoryPanel, test: [Int32], threads: Int,
            confidence: Double, label: String
        ) throws(CalibrationError) -> [BacktestModelResult] {
            let scores = Scores(fits, models: models, panel: panel, test: test, threads: threads, confidence: confidence)
            return try record(scores, fits: fits, label: label)
        }

        /// Pools one period's or fold's `scores` (in the order periods or folds are recorded)
        /// and returns its per-model results; the first model that failed to score throws.
        mutating func record(
            _ scores: Scores, fits: [ModelKind: ModelFit], label: String
        ) throws(CalibrationError) -> [BacktestModelResult] {
            customers += scores.customers
            var results: [BacktestModelResult] = []
            for (model, outcome) in zip(scores.models, scores.outcomes) {
                let (result, scored) = try outcome.get()
                results.append(result)
                notes.add(fits[model]?.notes ?? [], model: model, label: label)
                var rows = byModel[model] ?? Rows()
                rows.labels += scores.labels
                rows.probabilities += scored.probabilities
                rows.categories += scored.categories
                rows.cohorts += scored.cohorts
                byModel[model] = rows
            }
            return results
        }

        /// One period's or fold's rows scored by every fitted model, with their per-model
        /// results; independent of every other period's, so periods can be scored in parallel.
        struct Scores: Sendable {
            let labels: [Bool]
            let customers: [Int32]
            /// The models that had a fit, in the requested order.
            let models: [ModelKind]
            let outcomes: [Result<(BacktestModelResult, Scoring.Scored), CalibrationError>]

            init(
                _ fits: [ModelKind: ModelFit], models: [ModelKind], panel: HistoryPanel, test: [Int32], threads: Int,
                confidence: Double
            ) {
                let labels = test.map { panel.churned[Int($0)] }
                let present = models.filter { fits[$0] != nil }
                // The models' scoring and metrics are independent: one task each, results in model order.
                let kernelThreads = present.count > 1 ? 1 : threads
                // Every model scores the same rows: gathered once.
                let matrix = FeatureMatrix(panel: panel, rows: test)
                let rowFits = test.map { panel.fit[Int($0)] }
                self.outcomes = ParallelWork.map(count: present.count, threads: threads) {
                    i -> Result<(BacktestModelResult, Scoring.Scored), CalibrationError> in
                    do throws(CalibrationError) {
                        guard let fit = fits[present[i]] else { throw .invalidOption("no fit for \(present[i].rawValue)") }
                        let scored = try Scoring.score(matrix: matrix, fits: rowFits, weights: fit.weights, threads: kernelThreads)
                        var result = try Backtest.summarise(
                            model: present[i], labels: labels, probabilities: scored.probabilities, categories: scored.categories,
                            cohorts: scored.cohorts)
                        result.estimates = try ClassifierEstimates.analytic(
                            summary: result.metrics, labels: labels, probabilities: scored.probabilities, confidence: confidence)
                        result.c = fit.c
                        return .success((result, scored))
                    } catch {
                        return .failure(error)
                    }
                }
                self.labels = labels
                self.customers = test.map { panel.customer[Int($0)] }
                self.models = present
            }
        }
    }

    /// Notes of many fits, each text once per model with the periods or folds it came from.
    struct NoteLog {
        private var entries: [(model: ModelKind, text: String, labels: [String])] = []

        mutating func add(_ notes: [String], model: ModelKind, label: String) {
            for text in notes {
                if let i = entries.firstIndex(where: { $0.model == model && $0.text == text }) {
                    entries[i].labels.append(label)
                } else {
                    entries.append((model, text, [label]))
                }
            }
        }

        /// "vector (2024-Q3, 2024-Q4): C = 0.0001 is …".
        var lines: [String] {
            entries.map { "\($0.model.rawValue) (\($0.labels.joined(separator: ", "))): \($0.text)" }
        }
    }

    /// Rows `renewalsOnly` kept and left out.
    struct RenewalTally {
        var seen = 0
        var kept = 0
        var undated = 0

        /// The rows of `rows` up for renewal in their period: a renewal date within the period.
        mutating func filter(_ rows: [Int32], panel: HistoryPanel) -> [Int32] {
            guard let contracts = panel.contracts else { return [] }
            let kept = rows.filter { r in
                guard let up = contracts.isUpForRenewal(row: Int(r), in: panel.period[Int(r)]) else {
                    undated += 1
                    return false
                }
                return up
            }
            seen += rows.count
            self.kept += kept.count
            return kept
        }

        var note: String {
            "renewals only: \(kept) of \(seen) rows to judge were up for renewal in their period (renewal_date within it) "
                + "and were judged; \(seen - kept - undated) renew later and \(undated) have no renewal date"
        }
    }
}
