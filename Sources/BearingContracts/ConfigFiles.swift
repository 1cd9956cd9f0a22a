import BearingCalibration
import BearingComp
import BearingFiles
import BearingForecast
import BearingSimulation
import BearingVector

/// Readers of the files users write or pass between commands: scenarios, milestone
/// catalogues and compensation plans (YAML or JSON, decoded strictly: unknown keys, types and
/// ranges are errors with file, line, column and key path) and weights (Bearing's JSON).
/// Checks across keys that the decoders cannot make run here too and name the file.
public enum ConfigFiles {
    public static func scenario(_ path: String) throws -> Scenario {
        try checked(ConfigDecoder().decode(Scenario.self, fromFile: path), from: path) { try $0.validate() }
    }

    public static func plan(_ path: String) throws(ConfigError) -> CompensationPlan {
        try ConfigDecoder().decode(CompensationPlan.self, fromFile: path)
    }

    public static func milestones(_ path: String) throws -> MilestoneCatalogue {
        try checked(ConfigDecoder().decode(MilestoneCatalogue.self, fromFile: path), from: path) { try $0.validate() }
    }

    /// A health-signs file (`HealthSignOverrides`): feature name to +1 or -1, YAML or JSON.
    public static func healthSigns(_ path: String) throws(ConfigError) -> HealthSignOverrides {
        try ConfigDecoder().decode(HealthSignOverrides.self, fromFile: path)
    }

    /// A quota file (`QuotaFile`): annual expansion targets per segment, optional seasonality.
    public static func quotaFile(_ path: String) throws(ConfigError) -> QuotaFile {
        try ConfigDecoder().decode(QuotaFile.self, fromFile: path)
    }

    /// Reads `weights.json` as `calibrate` writes it, then checks it (`Weights.validate()`).
    public static func weights(_ path: String) throws -> Weights {
        try checked(ContractJSON.decode(Weights.self, fromFile: path), from: path) { try $0.validate() }
    }

    /// `value`, read from `path`, once `validate` (its checks across keys) passes; a failed
    /// check names the file.
    private static func checked<T>(_ value: T, from path: String, _ validate: (T) throws -> Void) throws -> T {
        do {
            try validate(value)
        } catch {
            throw ContractError(path: path, message: "\(error)")
        }
        return value
    }

    /// The catalogue a simulated history's vector forecast uses without `--milestones`: the
    /// scenario's milestones at their list upsell values (segment multipliers are not known to
    /// the forecast).
    public static func catalogue(of scenario: Scenario) -> MilestoneCatalogue {
        MilestoneCatalogue(milestones: scenario.milestones.map { Milestone(name: $0.name, upsellARR: $0.upsellARR) })
    }
}
