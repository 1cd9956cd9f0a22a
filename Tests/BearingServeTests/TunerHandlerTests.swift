import BearingCalibration
import BearingContracts
import BearingPipeline
import BearingServe
import BearingVector
import FlyingFox
import FlyingSocks
import Foundation
import Testing
import _TestSupport

/// The routes in process (requests built by hand, no socket), then the same server on a real
/// loopback socket for what only a socket shows: framing, the size limit on the wire, a
/// malformed request that must not end the server.
@Suite struct TunerHandlerTests {
    static let evaluator: Evaluator = {
        let history = HistoryInput(
            panel: SyntheticChurnPanel.make(customers: 600, periods: 5, seed: 5), path: "synthetic.csv", sha256: "sha256:test")
        let calibration = CalibrationOptions(c: 1, bearingVersion: BearingVersion.current, dataFile: "synthetic.csv", dataHash: "sha256:test")
        // A fixture the tests cannot run without: a failure here is a failure of every test.
        return try! Evaluator(history: history, calibrated: nil, options: .init(threads: 2), calibration: calibration)
    }()
    static let limit = 64 << 10

    static func handler() throws -> TunerHandler {
        try TunerHandler(evaluator: evaluator, history: "synthetic.csv", calibratedSource: "test", bodyLimit: limit)
    }

    static func request(_ method: HTTPMethod, _ path: String, body: Data = Data()) -> HTTPRequest {
        HTTPRequest(
            method: method, version: .http11, path: path, query: [],
            headers: [.contentType: "application/json", .contentLength: String(body.count)], body: body)
    }

    static func weightsFile(_ weights: Weights) throws -> Data { Data(try ContractJSON.encode(weights)) }

    /// Status and decoded error message of a failed request.
    static func failure(_ response: HTTPResponse) async throws -> (Int, String) {
        let text = String(decoding: try await response.bodyData, as: UTF8.self)
        let error = try ContractJSON.decode(APIError.self, from: "{\"schema_version\": 2, " + text.dropFirst(1), file: "answer")
        #expect(error.status == response.statusCode.code)
        return (response.statusCode.code, error.error)
    }

    @Test func pageAndStateLoad() async throws {
        let handler = try Self.handler()
        let page = await handler.handleRequest(Self.request(.GET, "/"))
        #expect(page.statusCode == .ok)
        #expect(page.headers[.contentType]?.hasPrefix("text/html") == true)
        let html = String(decoding: try await page.bodyData, as: UTF8.self)
        #expect(html.contains("Success Vector tuner") && !html.contains("http://") && !html.contains("https://"))
        let state = await handler.handleRequest(Self.request(.GET, "/api/state"))
        let text = String(decoding: try await state.bodyData, as: UTF8.self)
        let decoded = try ContractJSON.decode(TunerState.self, from: text, file: "state")
        #expect(decoded.window == Self.evaluator.window)
        #expect(decoded.calibrated == Self.evaluator.calibrated)
        #expect(decoded.bodyLimit == Self.limit)
        #expect(decoded.evaluation.auc == Self.evaluator.calibratedMetrics.auc)
    }

    /// The answer is `Evaluator.evaluate` for the posted weights, byte for byte.
    @Test func evaluateAnswersTheEvaluation() async throws {
        let handler = try Self.handler()
        var weights = Self.evaluator.calibrated
        weights.features[0].direction += 0.25
        weights.thresholds.negativeDirection = -0.2
        let response = await handler.handleRequest(Self.request(.POST, "/api/evaluate", body: try Self.weightsFile(weights)))
        #expect(response.statusCode == .ok)
        let body = try await response.bodyData
        #expect(body == Data(try ContractJSON.encode(Self.evaluator.evaluate(weights))))
        let result = try ContractJSON.decode(EvaluationResult.self, from: String(decoding: body, as: UTF8.self), file: "answer")
        #expect(result.auc.isFinite && result.churnByCategory.count == 4 && result.churnByCohort.count == 5)
    }

    @Test func calibrateAndDownloadAnswerWeightsFiles() async throws {
        let handler = try Self.handler()
        let start = Self.evaluator.calibrated
        let fitted = await handler.handleRequest(Self.request(.POST, "/api/calibrate", body: try Self.weightsFile(start)))
        #expect(fitted.statusCode == .ok)
        let weights = try ContractJSON.decode(Weights.self, from: String(decoding: try await fitted.bodyData, as: UTF8.self), file: "w")
        #expect(weights.features.map(\.direction) == start.features.map(\.direction))
        let download = await handler.handleRequest(Self.request(.POST, "/api/weights", body: try Self.weightsFile(start)))
        #expect(download.headers[.contentDisposition]?.contains("weights.json") == true)
        let tuned = try ContractJSON.decode(Weights.self, from: String(decoding: try await download.bodyData, as: UTF8.self), file: "w")
        #expect(tuned.provenance.source == "hand-tuned")
        #expect(tuned.provenance.dataHash == "sha256:test")
        #expect(tuned.features == start.features && tuned.thresholds == start.thresholds)
        // The download is a weights file every command reads.
        let dir = try TestSupport.temporaryDirectory("serve")
        let path = dir.appendingPathComponent("weights.json").path
        try await download.bodyData.write(to: URL(fileURLWithPath: path))
        #expect(try ConfigFiles.weights(path) == tuned)
    }

    /// Bad bodies: 4xx with a message that names what was expected and what was found.
    @Test func badBodiesGetClearErrors() async throws {
        let handler = try Self.handler()
        let good = String(decoding: try Self.weightsFile(Self.evaluator.calibrated), as: UTF8.self)
        var zeroSD = Self.evaluator.calibrated
        zeroSD.features[1].sd = 0
        var foreign = Self.evaluator.calibrated
        foreign.features[0].name = "outcome.not_in_history"
        let cases: [(Data, Int, String)] = [
            (Data(), 400, "empty body"),
            (Data("{".utf8), 400, "request body:"),
            (Data([0xFF, 0xFE, 0x7B]), 400, "not UTF-8"),
            (Data("[1, 2]".utf8), 400, "request body:"),
            (Data(good.replacingOccurrences(of: "\"schema_version\" : 2", with: "\"schema_version\" : 1").utf8), 400, "schema_version 1"),
            (Data(good.replacingOccurrences(of: "\"imputation\"", with: "\"imputations\"").utf8), 400, "imputations"),
            (Data(good.replacingOccurrences(of: "\"kind\" : \"vector\"", with: "\"kind\" : \"forest\"").utf8), 400, "forest"),
            (try Self.weightsFile(zeroSD), 422, "standard deviation 0"),
            (try Self.weightsFile(foreign), 422, "outcome.not_in_history"),
            (Data(repeating: 0x20, count: Self.limit + 1), 413, "limit"),
        ]
        for (body, status, fragment) in cases {
            let response = await handler.handleRequest(Self.request(.POST, "/api/evaluate", body: body))
            let (code, message) = try await Self.failure(response)
            #expect(code == status, "\(fragment): \(message)")
            #expect(message.contains(fragment), "\(message)")
        }
        let notFound = await handler.handleRequest(Self.request(.GET, "/api/nothing"))
        #expect(try await Self.failure(notFound).0 == 404)
        let wrongMethod = await handler.handleRequest(Self.request(.GET, "/api/evaluate"))
        #expect(try await Self.failure(wrongMethod).0 == 405)
        #expect(wrongMethod.headers[HTTPHeader("Allow")] == "POST")
    }

    @Test func loopbackIsTheDefaultAndHostsAreChecked() throws {
        #expect(try ListenAddress(host: "127.0.0.1", port: 1).isLoopback)
        #expect(try ListenAddress(host: "localhost", port: 1).isLoopback)
        #expect(try ListenAddress(host: "[::1]", port: 1).isLoopback)
        #expect(try !ListenAddress(host: "0.0.0.0", port: 1).isLoopback)
        for bad in ["example.com", "127.0.0", "1.2.3.4.5", "::g", ""] {
            #expect(throws: ContractError.self, "\(bad)") { _ = try ListenAddress(host: bad, port: 1) }
        }
    }

    /// On a real socket: an evaluation, an oversized body (413, drained), a malformed request
    /// and a client that hangs up mid-body; the server answers normally after each.
    @Test func realSocketSurvivesBadRequests() async throws {
        let server = TunerServer(handler: try Self.handler(), address: try ListenAddress(host: "127.0.0.1", port: 0))
        let task = Task { try await server.run() }
        defer { task.cancel() }
        try await server.waitUntilListening()
        let port = try #require(await server.port)
        let address = try sockaddr_in.inet(ip4: "127.0.0.1", port: port)
        let good = try Self.weightsFile(Self.evaluator.calibrated)

        func post(_ body: Data) async throws -> HTTPResponse {
            var client = HTTPClient()
            return try await client.sendHTTPRequest(Self.request(.POST, "/api/evaluate", body: body), to: address)
        }
        #expect(try await post(good).statusCode == .ok)
        #expect(try await post(Data(repeating: 0x41, count: 3 * Self.limit)).statusCode.code == 413)
        for raw in [
            "GARBAGE\r\n\r\n", "POST /api/evaluate HTTP/1.1\r\nContent-Length: 100\r\n\r\n{\"trunc", "POST /x HTTP/1.1\r\nContent-Length: -4\r\n\r\n",
        ] {
            let socket = try await AsyncSocket.connected(to: address)
            try await socket.write(Data(raw.utf8))
            try socket.close()
        }
        #expect(try await post(good).statusCode == .ok)
        await server.stop(timeout: 1)
    }
}

/// The API's answers against their JSON Schemas in `docs/schemas` (made from real answers by
/// `make_serve_schemas.py`): closed objects, snake_case keys, required keys, value types.
@Suite struct ServeSchemaTests {
    static let schemas = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/schemas")

    static func check(_ body: Data, against name: String) throws {
        let schema = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: schemas.appendingPathComponent("\(name).schema.json"))) as? [String: Any])
        let problems = JSONSchemaCheck.violations(of: try JSONSerialization.jsonObject(with: body), against: schema)
        #expect(problems.isEmpty, "\(name):\n\(problems.prefix(20).joined(separator: "\n"))")
    }

    @Test func answersMatchTheirSchemas() async throws {
        let handler = try TunerHandlerTests.handler()
        try Self.check(try await handler.handleRequest(TunerHandlerTests.request(.GET, "/api/state")).bodyData, against: "serve-state")
        var weights = TunerHandlerTests.evaluator.calibrated
        weights.features[0].direction = -weights.features[0].direction
        let answer = await handler.handleRequest(
            TunerHandlerTests.request(.POST, "/api/evaluate", body: try TunerHandlerTests.weightsFile(weights)))
        try Self.check(try await answer.bodyData, against: "serve-evaluation")
    }
}
