import Foundation

/// The parts of each command's JSON output that the report draws, decoded leniently: only
/// the keys read here must be present, so the report keeps working as outputs gain fields.
/// Numbers that a command writes as `null` (undefined, e.g. NRR of an empty cohort) are
/// optional.
public enum ReportFiles {
    /// `simulate`: DIR/summary.json.
    public struct SimulationSummary: Decodable, Sendable {
        public struct Quantiles: Decodable, Sendable {
            public var mean: Double?
            public var p5: Double?
            public var p50: Double?
            public var p95: Double?
        }
        public struct Group: Decodable, Sendable {
            public var group: String
            public var metrics: [String: Quantiles]
        }
        public var scenario: String?
        public var seed: UInt64?
        public var trials: Int?
        public var periods: [String]?
        public var groups: [Group]
        public var cohort_rule: String?
    }

    /// A retention tally (start/retained customers, ARR flows).
    public struct Tally: Decodable, Sendable {
        public var startCustomers: Int
        public var retainedCustomers: Int
        public var startARR: Double
        public var expansionARR: Double
        public var contractionARR: Double
        public var churnedARR: Double
    }

    /// `score`: scores.summary.json.
    public struct ScoreSummary: Decodable, Sendable {
        public struct CohortRow: Decodable, Sendable {
            public var segment: String
            public var cohort: String
            public var nrr: Double?
            public var grr: Double?
            public var logoRetention: Double?
            public var cltv: Double?
            public var tally: Tally
        }
        public struct CohortTable: Decodable, Sendable {
            public var firstPeriod: String
            public var lastPeriod: String
            public var grossMargin: Double?
            public var windowPeriods: Int?
            public var rows: [CohortRow]
        }
        public struct CohortCount: Decodable, Sendable {
            public var segment: String
            public var cohort: String
            public var customers: Int
            public var arr: Double
            public var meanChurnProbability: Double?
        }
        public var rows: Int?
        public var customers: Int?
        /// The history file that was scored, as given on the command line.
        public var history: String?
        public var weightsFile: String?
        public var modelKind: String?
        public var categories: [String: Int]?
        public var cohortTable: CohortTable
        public var cohortsAtStart: [CohortCount]?
        public var cltvFormula: String?
    }

    /// `backtest`: DIR/backtest.json.
    public struct Backtest: Decodable, Sendable {
        public struct Metrics: Decodable, Sendable {
            public var auc: Double?
            public var brier: Double?
            public var logLoss: Double?
            public var expectedCalibrationError: Double?
            public var topDecileLift: Double?
            public var churnRate: Double?
            public var rows: Int?
        }
        public struct Group: Decodable, Sendable {
            public var group: String
            public var churnRate: Double?
            public var meanProbability: Double?
            public var rows: Int
        }
        public struct Result: Decodable, Sendable {
            public var model: String
            public var metrics: Metrics
            public var churnByCategory: [Group]?
            public var churnByCohort: [Group]?
            public var categoryOrderHolds: Bool?
        }
        public struct PeriodResults: Decodable, Sendable {
            public var period: String
            public var results: [Result]
        }
        public var models: [String]
        public var window: String?
        public var overall: [Result]
        public var periods: [PeriodResults]
    }

    /// `calibrate`: weights.json (provenance only).
    public struct Weights: Decodable, Sendable {
        public struct Provenance: Decodable, Sendable {
            public var periods: [String]?
            public var note: String?
            public var dataFile: String?
        }
        public var kind: String?
        public var provenance: Provenance?
    }

    /// `forecast`: DIR/forecast.json.
    public struct Forecast: Decodable, Sendable {
        public struct Cohort: Decodable, Sendable {
            public var milestone: String
            public var segment: String
            public var category: String
            public var horizon: String?
            public var customers: Int
            public var expectedReachers: Double?
            public var reachProbability: Double?
            public var upsellARR: Double?
            /// Upsell value the forecast used (realised, shrunk); absent in older files.
            public var realisedUpsellARR: Double?
            public var takeRate: Double?
            public var expectedExpansionARR: Double?
        }
        public struct Segment: Decodable, Sendable {
            public var segment: String
            public var customers: Int?
            public var bookARR: Double?
            public var quotaExpansionARR: Double?
            public var expectedExpansionARR: Double?
            public var expansionP10: Double?
            public var expansionP50: Double?
            public var expansionP90: Double?
            public var expectedChurnedARR: Double?
            public var expectedChurnedARRGoodFit: Double?
            public var expectedChurnedARRBadFit: Double?
        }
        public struct Body: Decodable, Sendable {
            public var period: String
            public var quotaRate: Double?
            public var trials: Int?
            public var cohorts: [Cohort]
            public var segments: [Segment]
        }
        public var forecast: Body
    }

    /// `compare-forecasts`: DIR/comparison.json.
    public struct ForecastComparison: Decodable, Sendable {
        public struct Row: Decodable, Sendable {
            public var period: String
            public var segment: String
            public var actualExpansionARR: Double?
            public var quotaExpansionARR: Double?
            public var vectorP10: Double?
            public var vectorP50: Double?
            public var vectorP90: Double?
        }
        public struct Summary: Decodable, Sendable {
            public var segment: String
            public var periods: Int?
            public var quotaMAPE: Double?
            public var vectorMAPE: Double?
            public var quotaBias: Double?
            public var vectorBias: Double?
            public var coverage: Double?
        }
        public struct Body: Decodable, Sendable {
            public var quotaRate: Double?
            public var trials: Int?
            public var rows: [Row]
            public var summaries: [Summary]
        }
        public var comparison: Body
    }

    /// `comp --history`: DIR/comparison.json.
    public struct CompComparison: Decodable, Sendable {
        public struct Spread: Decodable, Sendable {
            public var p10: Double?
            public var p50: Double?
            public var p90: Double?
            public var gini: Double?
        }
        public struct Summary: Decodable, Sendable {
            public var planName: String?
            public var csmCount: Int?
            public var totalCost: Double?
            public var baseCost: Double?
            public var variableCost: Double?
            public var costShareOfRetainedRevenue: Double?
            public var payPerformanceCorrelation: Double?
            public var topQuartileVariableShare: Double?
            public var clawback: Double?
            public var spread: Spread?
        }
        public struct CSM: Decodable, Sendable {
            public var csmID: String
            public var nrr: Double?
            public var total: Double?
            public var variable: Double?
        }
        public struct Plan: Decodable, Sendable {
            public var name: String
            public var file: String?
            public var paymentPeriod: String?
            public var windows: [String]?
            public var summary: Summary
            public var csms: [CSM]
        }
        public var history: String?
        public var plans: [Plan]
    }

    /// `comp --stress`: DIR/stress.json.
    public struct Stress: Decodable, Sendable {
        public struct Quantiles: Decodable, Sendable {
            public var p5: Double?
            public var p50: Double?
            public var p95: Double?
        }
        public struct PlanStress: Decodable, Sendable {
            public var planName: String
            public var trials: Int?
            public var totalCost: Quantiles
            public var costShareOfRetainedRevenue: Quantiles?
            public var variablePayPerCSM: Quantiles?
            public var payPerformanceCorrelation: Quantiles?
            public var topQuartileVariableShare: Quantiles?
            /// Spearman correlation of variable pay with latent CSM skill; absent in older files.
            public var skillCorrelation: Quantiles?
        }
        public struct Plan: Decodable, Sendable {
            public var file: String?
            public var stress: PlanStress
        }
        public var scenario: String?
        public var trials: Int?
        public var plans: [Plan]
    }
}
