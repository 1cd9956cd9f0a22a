import BearingComp
import BearingFiles
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

    /// Decodes a plan or scenario file (YAML or JSON by extension) with the strict config
    /// decoder: unknown keys, types and ranges are errors with file, line, column and key path.
    static func decodeConfig<T: Decodable>(_ type: T.Type, path: String, what: String) throws -> T {
        do {
            return try ConfigDecoder().decode(T.self, fromFile: path)
        } catch {
            let place = error.line > 0 ? ":\(error.line):\(error.column)" : ""
            let key = error.path.isEmpty ? "" : "\(error.path): "
            throw CommandInputError(path: path + place, message: key + error.message)
        }
    }

    /// The milestone catalogue a simulated history's vector forecast uses when `--milestones`
    /// is not given: the scenario's milestones at their list upsell values (segment upsell
    /// multipliers are not known to the forecast).
    static func catalogue(of scenario: Scenario) -> MilestoneCatalogue {
        MilestoneCatalogue(milestones: scenario.milestones.map { Milestone(name: $0.name, upsellARR: $0.upsellARR) })
    }
}
