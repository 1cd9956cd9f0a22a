// bench-evaluate: `bearing serve`'s POST /api/evaluate on an 800k-row history.
//
//   cd Benchmarks && swift run -c release bench-evaluate [--scenario ../Scenarios/saas-agency.yaml]
//       [--scale 10] [--calls 20] [--threads 2]
//
// Simulates the saas-agency scenario with every segment's customer count x `scale` (10:
// 100,000 customers x 10 quarters, about 810,000 rows, trial 0), builds the tuner's evaluator
// (calibrated vector weights and health baseline fitted on the periods before the window),
// then times `calls` evaluations of slightly different weights (a slider moving), for two
// windows: the serve default (the second half of the periods) and the widest (every period
// after the first). Each is timed twice: the library call (`Evaluator.evaluate` + JSON
// encoding of the answer) and the whole HTTP round trip (a weights.json body POSTed over
// loopback to the in-process FlyingFox server). Target: HTTP median <= 150 ms on 2 cores.
import BearingContracts
import BearingPanel
import BearingPipeline
import BearingServe
import BearingSimulation
import BearingVector
import FlyingFox
import Foundation

struct Options {
    var scenario = "../Scenarios/saas-agency.yaml"
    var scale = 10
    var calls = 20
    var threads = 2

    init(_ args: [String]) {
        var i = 1
        while i + 1 < args.count {
            let value = args[i + 1]
            switch args[i] {
            case "--scenario": scenario = value
            case "--scale": scale = Int(value) ?? scale
            case "--calls": calls = Int(value) ?? calls
            case "--threads": threads = Int(value) ?? threads
            default: break
            }
            i += 2
        }
    }
}

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

/// The calibrated weights with call `k`'s slider position: one direction weight nudged.
func moved(_ weights: Weights, _ k: Int) -> Weights {
    var w = weights
    let j = k % w.features.count
    w.features[j].direction += 0.01 * Double(k + 1)
    return w
}

func report(_ label: String, _ times: [Double]) {
    let ms = times.map { $0 * 1000 }
    print(String(format: "RESULT %@: median %.1f ms, min %.1f ms, max %.1f ms over %d calls", label, median(ms), ms.min() ?? 0, ms.max() ?? 0, ms.count))
}

let options = Options(CommandLine.arguments)
var scenario = try ConfigFiles.scenario(options.scenario)
for s in scenario.segments.indices { scenario.segments[s].customers *= options.scale }
var panel: HistoryPanel?
let simulate = try seconds {
    panel = try MonteCarloEngine(scenario: scenario, seed: 42).historyPanel(trial: 0).panel
}
guard let panel else { fatalError("no panel") }
let history = HistoryInput(panel: panel, path: "bench-history.csv", sha256: "sha256:bench")
print(String(format: "history: %d rows, %d periods, %d features (simulated in %.1f s)", panel.rowCount, history.periods.count, panel.features.count, simulate))
print("machine: \(ProcessInfo.processInfo.activeProcessorCount) cores, load average \((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?")")

let windows: [(String, String?)] = [("default window (second half)", nil), ("widest window (all but the first period)", history.periods[1].label)]
var calibrated: Weights?
for (label, from) in windows {
    var evaluator: Evaluator?
    let setup = try seconds {
        evaluator = try Evaluator(history: history, calibrated: calibrated, options: .init(from: from, threads: options.threads))
    }
    guard let evaluator else { fatalError("no evaluator") }
    calibrated = evaluator.calibrated
    print(String(format: "%@: %d rows %@...%@, setup %.1f s (baselines%@)", label, evaluator.window.rows, evaluator.window.first.label, evaluator.window.last.label, setup, from == nil ? " fitted" : "; calibrated reused"))

    _ = try ContractJSON.encode(evaluator.evaluate(moved(evaluator.calibrated, 999)))  // warm-up
    var library: [Double] = []
    for k in 0..<options.calls {
        let w = moved(evaluator.calibrated, k)
        library.append(try seconds { _ = try ContractJSON.encode(evaluator.evaluate(w)) })
    }
    report("\(label), library call", library)

    let handler = try TunerHandler(evaluator: evaluator, history: history.path, calibratedSource: "bench")
    let server = TunerServer(handler: handler, address: try ListenAddress(host: "127.0.0.1", port: 0))
    let task = Task { try await server.run() }
    try await server.waitUntilListening()
    guard let port = await server.port else { fatalError("no port") }
    let address = try sockaddr_in.inet(ip4: "127.0.0.1", port: port)
    var http: [Double] = []
    for k in -1..<options.calls {
        let body = Data(try ContractJSON.encode(moved(evaluator.calibrated, k < 0 ? 998 : k)))
        let request = HTTPRequest(
            method: .POST, version: .http11, path: "/api/evaluate", query: [],
            headers: [.contentType: "application/json", .contentLength: String(body.count)], body: body)
        let start = DispatchTime.now().uptimeNanoseconds
        var client = HTTPClient()
        let response = try await client.sendHTTPRequest(request, to: address)
        let answer = try await response.bodyData
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        guard response.statusCode == .ok, answer.count > 100 else { fatalError("HTTP \(response.statusCode.code)") }
        if k >= 0 { http.append(elapsed) }
    }
    report("\(label), HTTP POST /api/evaluate", http)
    await server.stop(timeout: 1)
    task.cancel()
}
