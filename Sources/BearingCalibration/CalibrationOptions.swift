/// Settings of `Calibrator.calibrate`.
public struct CalibrationOptions: Sendable, Hashable, Codable {
    /// Inverse L2 strength (λ = 1/C, scikit-learn's C). `logistic` uses it as given (default 1);
    /// `vector` uses it when set and otherwise picks one of `candidateCs` by time-series
    /// cross-validation over the training periods. `health` fits its 1-D link without penalty.
    public var c: Double?
    /// Grid for the cross-validated choice of C.
    public var candidateCs: [Double]
    /// Cross-validation folds: each of the last `validationPeriods` training periods is predicted
    /// from the training periods strictly before it (never from itself or later).
    public var validationPeriods: Int
    /// Worker threads for the Newton passes (nil: every core). Results do not depend on it.
    public var threads: Int?
    /// Written into the weights' provenance.
    public var bearingVersion: String
    public var dataFile: String?
    public var dataHash: String?
    /// Whether the vector model's magnitude axis also weighs the `engagement.*` features (the
    /// spec lists engagement among the signals of experience strength). Ghost rules use them either way.
    public var engagementInMagnitude: Bool

    public init(
        c: Double? = nil, candidateCs: [Double] = [0.001, 0.01, 0.1, 1, 10, 100], validationPeriods: Int = 4,
        threads: Int? = nil, bearingVersion: String, dataFile: String? = nil, dataHash: String? = nil,
        engagementInMagnitude: Bool = true
    ) {
        self.engagementInMagnitude = engagementInMagnitude
        self.c = c
        self.candidateCs = candidateCs
        self.validationPeriods = validationPeriods
        self.threads = threads
        self.bearingVersion = bearingVersion
        self.dataFile = dataFile
        self.dataHash = dataHash
    }
}
