/// The version of Bearing written into provenance, every JSON file and `--version`.
public enum BearingVersion {
    public static let current = "0.2.0"
}
