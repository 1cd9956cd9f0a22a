/// The version of Bearing's output contracts, written as `schema_version` into every JSON file
/// by `ContractJSON.encode` and checked by `ContractJSON.decode`.
///
/// Version 2 (Bearing 0.2): every key is snake_case and every file carries `schema_version`.
/// Version 1 files (camelCase keys, no `schema_version`) are refused with a message to rerun
/// the command that wrote them.
public enum SchemaVersion {
    public static let current = 2
}
