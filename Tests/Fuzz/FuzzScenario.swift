// libFuzzer harness for the scenario decoder (see docs/fuzzing.md). Not part of the package
// build: linked against BearingFiles, BearingSimulation and their dependencies built with
// coverage instrumentation.
//
// Contract checked: any text decodes to a Scenario or throws a ConfigError with a position
// inside the text (line 1... number of lines + 1, or 0 for no position); never a crash, trap
// or hang. A decoded scenario must also be accepted by the engine or rejected with an error.
import BearingFiles
import BearingSimulation
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScenario(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    guard let text = String(validating: bytes, as: UTF8.self) else { return 0 }
    let json = size > 0 && data[0] == UInt8(ascii: "{")
    do {
        let scenario = try ConfigDecoder().decode(Scenario.self, from: text, file: json ? "fuzz.json" : "fuzz.yaml")
        // Keep runs cheap: only build the engine for small bases.
        if scenario.customerCount <= 10_000, scenario.periods.count <= 1000 {
            _ = try? MonteCarloEngine(scenario: scenario, seed: 1)
        }
    } catch {
        // YAML line breaks are LF, CRLF and a lone CR (libyaml counts each as one line).
        let lines = text.reduce(into: 1) { n, c in if c == "\n" || c == "\r\n" || c == "\r" { n += 1 } }
        if error.line < 0 || error.line > lines + 1 || error.column < 0 {
            fatalError("error outside the text (\(lines) lines): \(error)")
        }
    }
    return 0
}
