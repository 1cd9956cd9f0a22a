/// A vector fit's category-threshold search, not yet run: the fit with its training rows' axes,
/// and where the search's notes go among the fit's notes.
struct PendingThresholds: Sendable {
    var fitted: VectorCalibration.Fitted
    /// Index in `ModelFit.notes` of the search's notes: after the notes of the choice of C and
    /// before the fit's own, as a session that searches at once orders them.
    var notesAt: Int
}

extension ModelFit {
    /// Runs a deferred threshold search (`FitSession.defersThresholds`): the weights get the
    /// thresholds and the notes the search's notes, the same as when the session ran it.
    mutating func completeThresholds() {
        guard var pending = pendingThresholds else { return }
        let searchNotes = VectorCalibration.applyThresholds(to: &pending.fitted)
        weights.thresholds = pending.fitted.weights.thresholds
        notes.insert(contentsOf: searchNotes, at: min(pending.notesAt, notes.count))
        pendingThresholds = nil
    }
}
