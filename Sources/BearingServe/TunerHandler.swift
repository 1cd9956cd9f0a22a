import BearingContracts
import BearingPipeline
import BearingVector
import FlyingFox
import Foundation

/// The routes of `bearing serve` (docs/serve.md):
///
///     GET  /                the tuner page
///     GET  /api/state       TunerState: window, calibrated weights and their evaluation
///     POST /api/evaluate    weights.json body → EvaluationResult
///     POST /api/calibrate   weights.json body → weights with link and thresholds refitted
///     POST /api/weights     weights.json body → the same weights marked hand-tuned, as a download
///
/// Every answer is JSON except the page. A bad request gets a 4xx with an `APIError` body —
/// 413 for a body over `bodyLimit`, 400 for a body that is not a weights file (with line and
/// column), 422 for weights that cannot score this history — and never ends the server.
public struct TunerHandler: HTTPHandler {
    public let evaluator: Evaluator
    public let bodyLimit: Int
    let stateBody: Data

    /// Default request-body limit: 1 MiB, about 4,000 features' worth of weights.
    public static let defaultBodyLimit = 1 << 20
    /// Oversized bodies up to this size are read and dropped before the 413; beyond it the
    /// answer goes out at once and the connection is left to fail on what follows.
    static let drainLimit = 64 << 20

    public init(evaluator: Evaluator, history: String, calibratedSource: String, bodyLimit: Int = defaultBodyLimit) throws {
        self.evaluator = evaluator
        self.bodyLimit = bodyLimit
        let state = TunerState(
            bearingVersion: BearingVersion.current, history: history, window: evaluator.window,
            calibrated: evaluator.calibrated, calibratedSource: calibratedSource,
            evaluation: try evaluator.evaluate(evaluator.calibrated), bodyLimit: bodyLimit,
            notes: Self.notes(evaluator))
        stateBody = Data(try ContractJSON.encode(state))
    }

    public func handleRequest(_ request: HTTPRequest) async -> HTTPResponse {
        let routes: [String: HTTPMethod] = [
            "/": .GET, "/index.html": .GET, "/api/state": .GET, "/api/evaluate": .POST, "/api/calibrate": .POST,
            "/api/weights": .POST,
        ]
        guard let allowed = routes[request.path] else {
            return Self.failure(APIError(status: 404, "no route \(request.path); see docs/serve.md for the API"))
        }
        guard request.method == allowed else {
            var response = Self.failure(
                APIError(status: 405, "\(request.path) answers \(allowed.rawValue), not \(request.method.rawValue)"))
            response.headers[HTTPHeader("Allow")] = allowed.rawValue
            return response
        }
        do {
            switch request.path {
            case "/", "/index.html":
                return HTTPResponse(
                    statusCode: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                    body: Data(TunerPage.html.utf8))
            case "/api/state":
                return Self.json(stateBody)
            case "/api/evaluate":
                let weights = try await weights(from: request)
                return Self.json(Data(try Self.unprocessable { try evaluator.evaluate(weights) }))
            case "/api/calibrate":
                let weights = try await weights(from: request)
                return Self.json(Data(try Self.unprocessable { try evaluator.calibrate(from: weights) }))
            default:
                let weights = try await weights(from: request)
                var response = Self.json(Data(try ContractJSON.encode(evaluator.handTuned(weights))))
                response.headers[.contentDisposition] = "attachment; filename=\"weights.json\""
                return response
            }
        } catch let error as APIError {
            return Self.failure(error)
        } catch {
            return Self.failure(APIError(status: 500, "internal error: \(error)"))
        }
    }

    /// The request body read up to `bodyLimit`, decoded strictly as a weights file and checked.
    /// An oversized body is read to its end (up to `drainLimit`) and dropped before the 413, so
    /// the connection stays in step and the client reads the answer instead of a reset.
    func weights(from request: HTTPRequest) async throws(APIError) -> Weights {
        var data = Data()
        var total = 0
        do {
            if let count = request.bodySequence.count, count > Self.drainLimit {
                throw APIError(status: 413, "the body has \(count) bytes; the limit is \(bodyLimit) (a weights.json is a few KB)")
            }
            for try await chunk in request.bodySequence {
                total += chunk.count
                if total <= bodyLimit { data.append(chunk) }
                if total > Self.drainLimit { break }
            }
        } catch let error as APIError {
            throw error
        } catch {
            throw APIError(status: 400, "the body could not be read: \(error.localizedDescription)")
        }
        guard total <= bodyLimit else {
            let size = total > Self.drainLimit ? "more than \(Self.drainLimit)" : "\(total)"
            throw APIError(status: 413, "the body has \(size) bytes; the limit is \(bodyLimit) (a weights.json is a few KB)")
        }
        guard !data.isEmpty else {
            throw APIError(status: 400, "expected a weights.json body (as `bearing calibrate` writes), found an empty body")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw APIError(status: 400, "expected a weights.json body in UTF-8, found bytes that are not UTF-8")
        }
        let weights: Weights
        do {
            weights = try ContractJSON.decode(Weights.self, from: text, file: "request body")
        } catch {
            throw APIError(status: 400, error.description)
        }
        do {
            try weights.validate()
        } catch {
            throw APIError(status: 422, "request body: \(error.description)")
        }
        return weights
    }

    /// The bytes of `make()` as JSON; a failure of the weights on this history is a 422.
    static func unprocessable(_ make: () throws -> some Encodable) throws(APIError) -> [UInt8] {
        let value: any Encodable
        do {
            value = try make()
        } catch {
            throw APIError(status: 422, "these weights cannot be evaluated on this history: \(error)")
        }
        do {
            return try ContractJSON.encode(value)
        } catch {
            throw APIError(status: 500, "internal error: \(error)")
        }
    }

    static func json(_ body: Data, status: HTTPStatusCode = .ok) -> HTTPResponse {
        HTTPResponse(
            statusCode: status, headers: [.contentType: "application/json", .cacheControl: "no-store"], body: body)
    }

    static func failure(_ error: APIError) -> HTTPResponse {
        let body = (try? ContractJSON.encode(error, versioned: false)).map { Data($0) } ?? Data("{}".utf8)
        var response = json(body, status: HTTPStatusCode(error.status, phrase: phrase(error.status)))
        if error.status == 413 { response.headers[.connection] = "close" }
        return response
    }

    static func phrase(_ status: Int) -> String {
        switch status {
        case 400: "Bad Request"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 413: "Payload Too Large"
        case 422: "Unprocessable Content"
        default: "Internal Server Error"
        }
    }

    /// Caveats about the comparison the page shows.
    static func notes(_ evaluator: Evaluator) -> [String] {
        var notes: [String] = []
        let w = evaluator.window
        let seen = evaluator.calibrated.provenance.periods.filter { $0 >= w.first && $0 <= w.last }
        if !seen.isEmpty {
            notes.append(
                "the calibrated weights were fitted on \(seen.count) period(s) of the window (\(seen.map(\.label).joined(separator: ", "))): their metrics are in-sample"
            )
        }
        if w.churned == 0 || w.churned == w.rows {
            notes.append("the window has \(w.churned) churned of \(w.rows) rows: AUC and lift are undefined")
        }
        return notes
    }
}
