import BearingComp
import BearingForecast
import BearingSimulation
import Foundation

/// Reads `comp`'s plan and scenario files, failing with errors that name the file and key.
enum CompInputs {
    static func readPlan(path: String) throws -> CompensationPlan {
        try decodeConfig(CompensationPlan.self, path: path, what: "compensation plan")
    }

    static func readScenario(path: String) throws -> Scenario {
        let scenario = try decodeConfig(Scenario.self, path: path, what: "scenario")
        do {
            try scenario.validate()
        } catch {
            throw CommandInputError(path: path, message: error.description)
        }
        return scenario
    }

    /// Decodes a plan or scenario file. JSON for now; YAML goes through BearingFiles' config
    /// decoder once it is merged (the one place the command layer reads YAML).
    static func decodeConfig<T: Decodable>(_ type: T.Type, path: String, what: String) throws -> T {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw CommandInputError(path: path, message: "cannot read: \(error.localizedDescription)")
        }
        let lower = path.lowercased()
        if lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") {
            throw CommandInputError(
                path: path,
                message: "YAML \(what) files need BearingFiles' config decoder, which this build lacks; write the same keys as JSON")
        }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let DecodingError.dataCorrupted(context) {
            throw CommandInputError(path: path, message: "\(keyPath(context.codingPath)): \(context.debugDescription)")
        } catch let DecodingError.keyNotFound(key, context) {
            throw CommandInputError(
                path: path, message: "\(keyPath(context.codingPath)): missing key `\(key.stringValue)`")
        } catch let DecodingError.typeMismatch(_, context) {
            throw CommandInputError(path: path, message: "\(keyPath(context.codingPath)): \(context.debugDescription)")
        } catch let DecodingError.valueNotFound(_, context) {
            throw CommandInputError(path: path, message: "\(keyPath(context.codingPath)): \(context.debugDescription)")
        } catch {
            throw CommandInputError(path: path, message: "not a \(what): \(error)")
        }
    }

    /// `components[0].threshold`: the key path as a user would write it.
    static func keyPath(_ keys: [any CodingKey]) -> String {
        guard !keys.isEmpty else { return "top level" }
        var s = ""
        for key in keys {
            if let i = key.intValue {
                s += "[\(i)]"
            } else {
                s += (s.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return s
    }

    /// The milestone catalogue a simulated history's vector forecast uses when `--milestones`
    /// is not given: the scenario's milestones at their list upsell values (segment upsell
    /// multipliers are not known to the forecast).
    static func catalogue(of scenario: Scenario) -> MilestoneCatalogue {
        MilestoneCatalogue(milestones: scenario.milestones.map { Milestone(name: $0.name, upsellARR: $0.upsellARR) })
    }
}
