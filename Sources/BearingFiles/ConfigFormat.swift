/// The syntax of a configuration file. JSON is read as YAML 1.2 flow syntax through the same
/// decoder, so both give identical errors and semantics.
public enum ConfigFormat: String, Sendable, CaseIterable {
    case yaml
    case json

    /// `.json` files are JSON; everything else (`.yaml`, `.yml`, no extension) is YAML.
    public init(fileName: String) {
        self = fileName.lowercased().hasSuffix(".json") ? .json : .yaml
    }
}
