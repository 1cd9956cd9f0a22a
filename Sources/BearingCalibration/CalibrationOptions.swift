/// Settings of `Calibrator.calibrate`.
public struct CalibrationOptions: Sendable, Hashable, Codable {
    /// Inverse L2 strength (λ = 1/C, scikit-learn's C). `logistic` uses it as given (default 1);
    /// `vector` uses it when set and otherwise picks one of `candidateCs` by cross-validation
    /// over the training periods. `health` fits its 1-D link without penalty.
    public var c: Double?
    /// Grid for the cross-validated choice of C. When the best C is the grid's smallest or
    /// largest (and the grid has two or more values), the grid is widened a decade at a time,
    /// up to three decades on each side (`widensGrid`), and the report says where C ended up.
    /// Mean validation losses within 1e-9 relative of the lowest count as tied and the smallest
    /// tied C wins: such Cs predict alike, and last-bit solver differences must not pick between them.
    public var candidateCs: [Double]
    /// Cross-validation folds: each of the last `validationPeriods` training periods is predicted
    /// from the training periods strictly before it (never from itself or later). When the
    /// training rows span one period (a snapshot), `validationPeriods` stratified customer folds
    /// (at least 2) take their place.
    public var validationPeriods: Int
    /// Whether a best C at the edge of `candidateCs` widens the grid (default) or stays, noted.
    public var widensGrid: Bool
    /// Worker threads for the Newton passes (nil: every core). Results do not depend on it.
    public var threads: Int?
    /// Written into the weights' provenance.
    public var bearingVersion: String
    public var dataFile: String?
    public var dataHash: String?
    /// Whether the vector model's magnitude axis also weighs the `engagement.*` features (the
    /// spec lists engagement among the signals of experience strength). Ghost rules use them either way.
    public var engagementInMagnitude: Bool
    /// Health-score signs that override the training data's (`--signs`); nil: none.
    public var healthSigns: HealthSignOverrides?

    public init(
        c: Double? = nil, candidateCs: [Double] = [0.001, 0.01, 0.1, 1, 10, 100], validationPeriods: Int = 4,
        threads: Int? = nil, bearingVersion: String, dataFile: String? = nil, dataHash: String? = nil,
        engagementInMagnitude: Bool = true, widensGrid: Bool = true, healthSigns: HealthSignOverrides? = nil
    ) {
        self.engagementInMagnitude = engagementInMagnitude
        self.c = c
        self.candidateCs = candidateCs
        self.validationPeriods = validationPeriods
        self.widensGrid = widensGrid
        self.threads = threads
        self.bearingVersion = bearingVersion
        self.dataFile = dataFile
        self.dataHash = dataHash
        self.healthSigns = healthSigns
    }
}
