import BearingContracts

/// What `forecast` and `compare-forecasts` hand back: the document, the files to write (its
/// JSON and the result's CSV table) and the text to print.
public struct ForecastRunOutput<Result: ForecastRunResult>: Sendable {
    public var document: ForecastRunDocument<Result>
    public var files: [OutputFile]
    public var text: String

    /// `result` with where it came from; `text` follows a note when only the customers up for
    /// renewal were forecast, in `renewalPeriods` ("the period", "each period").
    init(
        result: Result, inputs: ForecastInputs, settings: ForecastSettings, table: OutputFile, renewalPeriods: String, text: String
    ) throws {
        document = ForecastRunDocument(source: ForecastSource(inputs: inputs, settings: settings), result: result)
        files = [try OutputFile.json(Result.fileName, document), table]
        self.text =
            (settings.renewalsOnly ? "Renewals only: customers up for renewal in \(renewalPeriods) (renewal_date within it).\n" : "")
            + text
    }
}
