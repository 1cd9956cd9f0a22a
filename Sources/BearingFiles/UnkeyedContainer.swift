import Yams

/// Sequential access to a list.
struct UnkeyedContainer: UnkeyedDecodingContainer {
    let node: Node
    let items: [Node]
    let path: [ConfigPathComponent]
    let session: DecodingSession
    private(set) var currentIndex = 0

    init(node: Node, items: [Node], path: [ConfigPathComponent], session: DecodingSession) {
        self.node = node
        self.items = items
        self.path = path
        self.session = session
    }

    var codingPath: [any CodingKey] { path.map(\.codingKey) }
    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else { throw exhausted() }
        if Scalars.isNull(items[currentIndex]) {
            currentIndex += 1
            return true
        }
        return false
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try decodeNext(type) }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try decodeNext(type) }
    mutating func decode(_ type: String.Type) throws -> String { try decodeNext(type) }
    mutating func decode(_ type: Double.Type) throws -> Double { try decodeNext(type) }
    mutating func decode(_ type: Float.Type) throws -> Float { try decodeNext(type) }
    mutating func decode(_ type: Int.Type) throws -> Int { try decodeNext(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try decodeNext(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try decodeNext(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try decodeNext(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try decodeNext(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try decodeNext(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try decodeNext(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try decodeNext(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try decodeNext(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try decodeNext(type) }

    private mutating func decodeNext<T: Decodable>(_ type: T.Type) throws(ConfigError) -> T {
        guard !isAtEnd else { throw exhausted() }
        let value = try session.decode(type, from: items[currentIndex], path: path + [.index(currentIndex)])
        currentIndex += 1
        return value
    }

    private mutating func nextDecoder() throws(ConfigError) -> NodeDecoder {
        guard !isAtEnd else { throw exhausted() }
        defer { currentIndex += 1 }
        return NodeDecoder(node: items[currentIndex], path: path + [.index(currentIndex)], session: session)
    }

    private func exhausted() -> ConfigError {
        session.error(
            .typeMismatch, at: node, path: path,
            "expected more than \(items.count) element\(items.count == 1 ? "" : "s")")
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try nextDecoder().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try nextDecoder().unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder { try nextDecoder() }
}
