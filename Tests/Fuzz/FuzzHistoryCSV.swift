// libFuzzer harness for the history CSV reader (see docs/fuzzing.md). Not part of the package
// build: compiled with swiftc together with Sources/BearingPanel.
//
// Contract checked: any bytes either read into a panel or throw a PanelError, never a crash,
// trap or hang; the result (panel or error, with its location) does not depend on the read
// chunk size; a panel's own CSV reads back to the same CSV.
import Foundation

func outcome(_ read: () throws(PanelError) -> HistoryPanel) -> Result<[UInt8], PanelError> {
    do {
        return .success(HistoryCSVWriter.encode(try read()))
    } catch {
        return .failure(error)
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHistoryCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let chunk = 1 + Int(bytes.first ?? 0) % 64
    let whole = outcome { () throws(PanelError) in try HistoryCSVReader.read(bytes: bytes, fileName: "fuzz.csv") }
    let chunked = outcome { () throws(PanelError) in
        try HistoryCSVReader(chunkSize: chunk).readWithSummary(bytes: bytes, fileName: "fuzz.csv").panel
    }
    if whole != chunked {
        fatalError("chunk size \(chunk) changes the result: \(whole) vs \(chunked)")
    }
    if case .success(let csv) = whole {
        let again = outcome { () throws(PanelError) in try HistoryCSVReader.read(bytes: csv, fileName: "again.csv") }
        if again != .success(csv) { fatalError("a panel's own CSV does not read back the same: \(again)") }
    }
    return 0
}
