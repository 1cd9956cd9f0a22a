/// A mapping from string keys to values that keeps the order of the file, for blocks such as
/// `segments:` whose entries are named by their keys and whose order matters (output order,
/// tie-breaking).
///
/// Decodes from a mapping; with `ConfigDecoder` the order is the file's. (Foundation's
/// decoders do not promise key order.) Duplicate keys are a syntax error before this type
/// sees them.
public struct OrderedMapping<Value> {
    /// Keys in file order, unique.
    public private(set) var keys: [String]
    /// Values, parallel to `keys`.
    public private(set) var values: [Value]

    public init() {
        keys = []
        values = []
    }

    /// Entries in the given order; a repeated key keeps its first position and takes the
    /// last value.
    public init(_ entries: [(key: String, value: Value)]) {
        self.init()
        for (key, value) in entries { self[key] = value }
    }

    public var count: Int { keys.count }
    public var isEmpty: Bool { keys.isEmpty }

    /// The value for `key` (linear search: these mappings are small).
    public subscript(key: String) -> Value? {
        get { keys.firstIndex(of: key).map { values[$0] } }
        set {
            if let i = keys.firstIndex(of: key) {
                if let newValue {
                    values[i] = newValue
                } else {
                    keys.remove(at: i)
                    values.remove(at: i)
                }
            } else if let newValue {
                keys.append(key)
                values.append(newValue)
            }
        }
    }
}

extension OrderedMapping: RandomAccessCollection {
    public var startIndex: Int { 0 }
    public var endIndex: Int { keys.count }
    public subscript(position: Int) -> (key: String, value: Value) { (keys[position], values[position]) }
}

extension OrderedMapping: Equatable where Value: Equatable {
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.keys == rhs.keys && lhs.values == rhs.values }
}

extension OrderedMapping: Sendable where Value: Sendable {}

extension OrderedMapping: Decodable where Value: Decodable {
    public init(from decoder: any Decoder) throws {
        self.init()
        let container = try decoder.container(keyedBy: ConfigCodingKey.self)
        for key in container.allKeys {
            keys.append(key.stringValue)
            values.append(try container.decode(Value.self, forKey: key))
        }
    }
}
