import BearingPanel
import BearingSimulation
import Foundation

/// Writes `latent.csv`: the hidden state behind each row of a simulated history, row-aligned
/// with `history.csv` (same customers and periods in the same order), streaming and atomically.
///
/// Columns: `customer_id, period, latent_direction, latent_experience, dark, true_category,
/// churn_probability`. Latent values are at the start of the row's period; `churn_probability`
/// is the probability the row's churn was drawn with (after shocks). Numbers are Swift's
/// shortest `Float` text that reads back to the same `Float`; `dark` is 0/1; `true_category`
/// is `positive`, `neutral`, `negative` or `ghost`. Customer ids are quoted like history.csv's.
///
/// The file appears at its destination only on `finish()`; dropping the writer removes it.
public final class LatentCSVWriter {
    public static let fileName = "latent.csv"
    public static let columns = [
        "customer_id", "period", "latent_direction", "latent_experience", "dark", "true_category", "churn_probability",
    ]
    /// Bytes buffered before a write.
    static let flushThreshold = 1 << 20

    /// Added for scenarios with contracts or new logos: the contract term (months, empty
    /// without a contract), the date its term ends, whether the row's period holds a renewal
    /// (0/1), and the period a new logo was acquired in (empty for the starting book).
    public static let contractColumns = ["contract_term_months", "renewal_date", "renewal", "acquired_period"]

    public private(set) var rowsWritten = 0
    private let output: AtomicOutput
    private let csv: CSVWriter
    private let withContracts: Bool
    private let periodLabels: [String]

    public init(creating url: URL, withContracts: Bool = false, periodLabels: [String] = []) throws(FileOutputError) {
        output = try AtomicOutput(destination: url)
        csv = CSVWriter(header: Self.columns + (withContracts ? Self.contractColumns : []))
        self.withContracts = withContracts
        self.periodLabels = periodLabels
    }

    /// Appends every row of `chunk`, in the chunk's panel order.
    public func append(_ chunk: HistoryChunk) throws(FileOutputError) {
        let panel = chunk.panel
        let latent = chunk.latent
        precondition(latent.churnProbability.count == panel.rowCount, "latent trace not aligned with the panel")
        for r in 0..<panel.rowCount {
            csv.field(panel.customerIDs[Int(panel.customer[r])])
            csv.field(panel.period[r].label)
            csv.field(latent.direction[r])
            csv.field(latent.experience[r])
            csv.field(latent.dark[r])
            csv.field(latent.category[r].label)
            csv.field(latent.churnProbability[r])
            if withContracts {
                let term = r < latent.contractTermMonths.count ? Int(latent.contractTermMonths[r]) : -1
                if term > 0 { csv.field(term) } else { csv.empty() }
                let day = r < latent.renewalDay.count ? latent.renewalDay[r] : ContractColumns.noDate
                if term > 0, day != ContractColumns.noDate { csv.field(CalendarDate(dayNumber: day).label) } else { csv.empty() }
                csv.field(r < latent.renewal.count && latent.renewal[r])
                let acquired = r < latent.acquiredIn.count ? Int(latent.acquiredIn[r]) : -1
                if acquired >= 0, acquired < periodLabels.count { csv.field(periodLabels[acquired]) } else { csv.empty() }
            }
            csv.endRow()
            if csv.bytes.count >= Self.flushThreshold { try flush() }
        }
        rowsWritten += panel.rowCount
    }

    /// Writes what is buffered; returns the output, to commit with the run's other files.
    public func finishWriting() throws(FileOutputError) -> AtomicOutput {
        try flush()
        return output
    }

    private func flush() throws(FileOutputError) {
        guard !csv.bytes.isEmpty else { return }
        try output.write(csv.drain())
    }
}
