// libFuzzer harness for the export importer (see docs/fuzzing.md). Not part of the package
// build: linked against BearingImport, BearingPanel and _BearingDigest built with coverage.
//
// Contract checked: any bytes, read with options picked from the first byte, either import
// into a panel or fail with errors, never a crash, trap or hang; every cell-level error is
// located (line inside the input, column number inside the row); the result (panel, or the
// errors with their locations) does not depend on the read chunk size; an imported panel's
// strict CSV reads back to the same panel.
import BearingImport
import BearingPanel
import Foundation

enum Outcome: Equatable {
    case panel([UInt8])
    case failure([String], Int)
}

func run(_ bytes: [UInt8], _ options: ExportOptions, chunk: Int) -> Outcome {
    do {
        let result = try ExportImporter.importBytes(bytes, options: options, fileName: "fuzz.csv", chunkSize: chunk)
        return .panel(HistoryCSVWriter.encode(result.panel))
    } catch {
        for e in error.errors { check(e, in: bytes) }
        if error.totalCount < error.errors.count { fatalError("total \(error.totalCount) below kept \(error.errors.count)") }
        return .failure(error.errors.map(\.description), error.totalCount)
    }
}

/// Kinds that concern one cell or one row must say where.
func check(_ e: ImportError, in bytes: [UInt8]) {
    var lineBreaks = 0
    var i = 0
    while i < bytes.count {
        if bytes[i] == 10 { lineBreaks += 1 }
        if bytes[i] == 13 { lineBreaks += 1; if i + 1 < bytes.count, bytes[i + 1] == 10 { i += 1 } }
        i += 1
    }
    let located: [ImportError.Kind] = [
        .fieldCount, .unterminatedQuote, .malformedQuote, .emptyCell, .invalidNumber, .negativeAmount, .invalidFlag,
        .invalidFit, .invalidPeriod, .mixedGranularity, .duplicateRow, .rowAfterChurn, .invalidContract,
    ]
    if located.contains(e.kind) {
        guard let line = e.line, let column = e.column else { fatalError("unlocated \(e.kind): \(e)") }
        if line < 1 || line > lineBreaks + 1 { fatalError("line \(line) outside 1...\(lineBreaks + 1): \(e)") }
        if column < 1 { fatalError("column \(column): \(e)") }
    }
    if let line = e.line, line < 1 || line > lineBreaks + 1 { fatalError("line \(line) outside the input: \(e)") }
    if e.file != "fuzz.csv" { fatalError("file \(e.file)") }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzExportImport(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let selector = data[0]
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    var options = ExportOptions()
    options.delimiter = [nil, .comma, .semicolon, .tab][Int(selector & 3)]
    options.decimalSeparator = selector & 4 != 0 ? .comma : nil
    options.dateFormat = selector & 8 != 0 ? DateFormat(pattern: "MM/DD/YYYY") : nil
    options.periodGrain = [nil, .quarter, .month, nil][Int((selector >> 4) & 3)]
    options.openPeriod = selector & 64 != 0 ? Period(year: 2024, quarter: 1) : nil
    options.errorLimit = selector & 128 != 0 ? 3 : 50
    let whole = run(bytes, options, chunk: 1 << 16)
    let chunked = run(bytes, options, chunk: 1 + Int(selector) % 13)
    if whole != chunked { fatalError("chunk size changes the result: \(whole) vs \(chunked)") }
    if case .panel(let csv) = whole {
        guard let again = try? HistoryCSVReader.read(bytes: csv, fileName: "again.csv") else {
            fatalError("an imported panel's CSV does not read back")
        }
        if HistoryCSVWriter.encode(again) != csv { fatalError("an imported panel's CSV does not round-trip") }
    }
    return 0
}
