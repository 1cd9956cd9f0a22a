import ArgumentParser
import BearingContracts
import BearingFiles
import BearingImport
import BearingPanel
import BearingPipeline
import Foundation

/// `bearing panel`: the one door for messy data. Every other command reads the strict panel.
public struct PanelCommand: TextCommand {
    public static let configuration = CommandConfiguration(
        commandName: "panel",
        abstract: "Turn a CRM export, raw warehouse tables or a PostgreSQL query into the history panel.",
        discussion: """
            Sources (exactly one):
              --export FILE            a CRM or spreadsheet export, one row per customer and \
            period (map its headers with --columns, or name them like the panel's)
              --subscriptions FILE     a subscriptions ledger (customer_id, date, arr; optional \
            segment, fit, csm_id), with --events FILE and --metrics FILE for features
              --postgres URL --query SQL                 a query's rows, like an export
              --postgres URL --subscriptions-table T [--events-table T]   tables, like a ledger
            Cells are normalised: currency signs and thousands separators, %, a decimal comma \
            (--decimal ,), yes/no/true/false flags, N/A, NA, null, - and #N/A as missing, dates \
            into periods (--date-format). All errors are listed in one run (up to 50, each with \
            file, line, column and what was expected); nothing is written while any remain. \
            Missing fit, segment, expansion_arr and contraction_arr get documented defaults \
            (good, all, 0), said in a notice and in OUT's .import.json, which also records the \
            source's SHA-256, the mapping, rows read and written, every conversion by kind and \
            the columns ignored. The running period (--open-period, or empty churn cells) is \
            scored but never trained or tested on. An export of 4 MB or more is converted on \
            every core (--threads to limit), with the same panel, record and errors as on one. \
            Formats: docs/data-contracts.md.

            PostgreSQL: the password comes from the URL or PGPASSWORD (never printed); PGHOST, \
            PGPORT, PGUSER and PGDATABASE fill what the URL leaves out.

            Examples:
              bearing panel --export Scenarios/examples/crm-export.csv \\
                --columns Scenarios/examples/crm-export.columns.yaml \\
                --open-period 2024-Q3 --out history.csv
              bearing panel --subscriptions Scenarios/examples/subscriptions.csv \\
                --events Scenarios/examples/events.csv \\
                --metrics Scenarios/examples/metrics.yaml --grain quarter --out history.csv
              PGPASSWORD=... bearing panel --postgres postgres://bi@db/crm \\
                --query "SELECT * FROM cs.panel" --out history.csv
            """)

    @Option(help: "A CRM or spreadsheet export (CSV; comma, semicolon or tab separated).")
    var export: String?

    @Option(help: "Column mapping YAML: panel column -> export header (see docs/data-contracts.md).")
    var columns: String?

    @Option(help: "A subscriptions ledger CSV: customer_id, date, arr (the ARR in force from that date; 0 = cancelled).")
    var subscriptions: String?

    @Option(help: "Events in long form (customer_id, date, metric, value), with --metrics.")
    var events: String?

    @Option(help: "Metrics YAML: how each event metric becomes a panel feature.")
    var metrics: String?

    @Option(help: "Milestone catalogue (YAML or JSON): the journey order of milestones from events.")
    var milestones: String?

    @Option(help: "PostgreSQL URL, e.g. postgres://bi@db:5432/crm (password: PGPASSWORD).")
    var postgres: String?

    @Option(help: "SQL returning an export's columns (with --postgres).")
    var query: String?

    @Option(help: "Table holding the subscriptions ledger (with --postgres).")
    var subscriptionsTable: String?

    @Option(help: "Table holding the events (with --postgres and --subscriptions-table).")
    var eventsTable: String?

    @Option(help: "Period length: quarter or month (default: the export's labels, or quarters for dates).")
    var grain: Granularity?

    @Option(help: "Field separator: comma, semicolon, tab or pipe (default: detected).")
    var delimiter: String?

    @Option(help: "Decimal separator of numbers: . or , (a decimal comma: 1.234,5).")
    var decimal: String?

    @Option(help: "Date format of date cells, e.g. MM/DD/YYYY or DD.MM.YYYY (default YYYY-MM-DD).")
    var dateFormat: String?

    @Option(help: "A period still running: its rows have an outcome not known yet.")
    var openPeriod: String?

    @Option(help: "History panel CSV to write (the import record goes next to it as .import.json).")
    var out: String

    @OptionGroup var threads: ThreadsOption
    @OptionGroup var quiet: QuietFlag

    public init() {}

    public func validate() throws {
        let sources = [export != nil, subscriptions != nil, postgres != nil].filter { $0 }.count
        guard sources == 1 else {
            throw ValidationError("give exactly one source: --export FILE, --subscriptions FILE, or --postgres URL")
        }
        if postgres != nil {
            guard (query != nil) != (subscriptionsTable != nil) else {
                throw ValidationError("with --postgres give --query SQL, or --subscriptions-table TABLE (and optionally --events-table)")
            }
        }
        if events != nil || eventsTable != nil, metrics == nil {
            throw ValidationError("events need --metrics FILE: it says how each metric becomes a feature")
        }
        if subscriptions != nil || subscriptionsTable != nil, grain == nil {
            throw ValidationError("raw tables need --grain quarter or --grain month")
        }
        if let delimiter, Delimiter(argument: delimiter) == nil {
            throw ValidationError("--delimiter must be comma, semicolon, tab or pipe, got '\(delimiter)'")
        }
        if let decimal, DecimalSeparator(rawValue: decimal) == nil {
            throw ValidationError("--decimal must be . or , (a decimal comma), got '\(decimal)'")
        }
        if let dateFormat, DateFormat(pattern: dateFormat) == nil {
            throw ValidationError("--date-format must be a pattern such as MM/DD/YYYY, DD.MM.YYYY or YYYY-MM-DD, got '\(dateFormat)'")
        }
        if let openPeriod, Period(label: openPeriod) == nil {
            throw ValidationError("--open-period must look like 2025-Q3 or 2025-07, got '\(openPeriod)'")
        }
        guard out.hasSuffix(".csv") else {
            throw ValidationError("--out must name a .csv file (the import record goes next to it as .import.json), got '\(out)'")
        }
    }

    func execute() throws -> String {
        let progress = quiet.reporter
        let result: PanelStage.Output
        do {
            result = try importPanel(progress)
        } catch let failure as ImportFailure {
            throw CommandError(failure.description)
        }
        // Notices are shown even without a terminal (they say what was ignored or assumed).
        if !quiet.quiet {
            for notice in result.notices { FileHandle.standardError.write(Data("bearing: \(notice)\n".utf8)) }
        }
        try OutputFolder.write(result.files, into: URL(fileURLWithPath: out).deletingLastPathComponent().path)
        return result.text
    }

    func importPanel(_ progress: ProgressReporter) throws -> PanelStage.Output {
        if let export {
            progress.note("importing \(export)")
            return try PanelStage.export(path: export, options: exportOptions(), out: out, threads: threads.count)
        }
        if let subscriptions {
            progress.note("building a panel from \(subscriptions)\(events.map { " and \($0)" } ?? "")")
            return try PanelStage.rawTables(subscriptions: subscriptions, events: events, options: rawTablesOptions(), out: out)
        }
        guard let postgres else { throw ValidationError("give --export, --subscriptions or --postgres") }
        if let query {
            progress.note("reading the query's rows")
            return try PanelStage.output(PostgresPanelSource.query(url: postgres, sql: query, options: exportOptions()), out: out)
        }
        guard let subscriptionsTable else { throw ValidationError("with --postgres give --query or --subscriptions-table") }
        progress.note("reading \(subscriptionsTable)\(eventsTable.map { " and \($0)" } ?? "")")
        return try PanelStage.output(
            PostgresPanelSource.tables(
                url: postgres, subscriptions: subscriptionsTable, events: eventsTable, options: rawTablesOptions()),
            out: out)
    }

    func exportOptions() throws -> ExportOptions {
        ExportOptions(
            mapping: try columns.map { try ConfigDecoder().decode(ColumnMapping.self, fromFile: $0) }, periodGrain: grain,
            delimiter: delimiter.flatMap(Delimiter.init(argument:)), decimalSeparator: decimal.flatMap(DecimalSeparator.init(rawValue:)),
            dateFormat: dateFormat.flatMap(DateFormat.init(pattern:)), openPeriod: openPeriod.flatMap { Period(label: $0) })
    }

    func rawTablesOptions() throws -> RawTablesOptions {
        RawTablesOptions(
            granularity: grain ?? .quarter, metrics: try metrics.map { try ConfigDecoder().decode(MetricCatalog.self, fromFile: $0) },
            dateFormat: dateFormat.flatMap(DateFormat.init(pattern:)), decimalSeparator: decimal.flatMap(DecimalSeparator.init(rawValue:)),
            delimiter: delimiter.flatMap(Delimiter.init(argument:)), openPeriod: openPeriod.flatMap { Period(label: $0) },
            milestoneOrder: try milestones.map { try ConfigFiles.milestones($0).milestones.map(\.name) })
    }
}
