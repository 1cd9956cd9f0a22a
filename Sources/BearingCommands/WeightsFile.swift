import BearingFiles
import BearingVector

/// Reads `weights.json` for the commands through the configuration decoder, so a syntax or
/// type error names the file, line and column (Foundation's `JSONDecoder` on Linux reports
/// neither), and a value that fails `Weights.validate()` names the file.
enum WeightsFile {
    static func read(_ path: String) throws -> Weights {
        let weights = try ConfigDecoder().decode(Weights.self, fromFile: path)
        do {
            try weights.validate()
        } catch {
            throw CommandInputError(path: path, message: error.description)
        }
        return weights
    }
}
