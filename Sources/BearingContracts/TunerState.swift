import BearingVector

/// `GET /api/state` of `bearing serve`: what the tuner page starts from — the window, the
/// calibrated weights (the sliders' starting point and "reset to calibrated"), their
/// evaluation, and the server's limits.
public struct TunerState: Codable, Sendable, Hashable {
    public var bearingVersion: String
    /// The history file as given on the command line.
    public var history: String
    public var window: EvaluationWindow
    public var calibrated: Weights
    /// Where the calibrated weights came from: `fitted on the training periods` or the file given.
    public var calibratedSource: String
    /// The calibrated weights evaluated on the window.
    public var evaluation: EvaluationResult
    /// Largest request body accepted, in bytes.
    public var bodyLimit: Int
    /// Caveats to show beside the numbers (e.g. calibrated weights that saw the window).
    public var notes: [String]

    public init(
        bearingVersion: String, history: String, window: EvaluationWindow, calibrated: Weights, calibratedSource: String,
        evaluation: EvaluationResult, bodyLimit: Int, notes: [String]
    ) {
        self.bearingVersion = bearingVersion
        self.history = history
        self.window = window
        self.calibrated = calibrated
        self.calibratedSource = calibratedSource
        self.evaluation = evaluation
        self.bodyLimit = bodyLimit
        self.notes = notes
    }
}
