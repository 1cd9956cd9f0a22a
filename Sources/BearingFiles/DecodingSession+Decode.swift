import Yams

extension DecodingSession {
    /// Decodes `node` as `T`: scalars directly, everything else through `T.init(from:)` with
    /// errors from the type located at `node`.
    func decode<T: Decodable>(_ type: T.Type, from node: Node, path: [ConfigPathComponent]) throws(ConfigError) -> T {
        if let value: T = try decodeScalar(type, from: node, path: path) { return value }
        do {
            return try T(from: NodeDecoder(node: node, path: path, session: self))
        } catch let error as ConfigError {
            throw error
        } catch {
            if let unknown = unknownKeyError(at: node, path: path) { throw unknown }
            throw locate(error, node: node, path: path, type: T.self)
        }
    }

    /// An error thrown by a type's `init(from:)`, located at `node` (or at `key`'s value).
    private func locate(_ error: any Error, node: Node, path: [ConfigPathComponent], type: Any.Type) -> ConfigError {
        if let error = error as? ConfigValueError {
            if let key = error.key, case .mapping(let mapping) = node,
                let entry = try? record(for: mapping, path: path).entry(key)
            {
                return self.error(.invalidValue, at: entry.value, path: path + [.key(key)], error.message)
            }
            return self.error(.invalidValue, at: node, path: path, error.message)
        }
        if case .dataCorrupted(let context)? = error as? DecodingError, context.codingPath.count > path.count,
            let (target, targetPath) = descend(from: node, path: path, along: context.codingPath.dropFirst(path.count))
        {
            // The type named a key below itself (a check across keys): point at that key's value.
            return self.error(.invalidValue, at: target, path: targetPath, context.debugDescription)
        }
        if let error = error as? DecodingError {
            return self.error(.invalidValue, at: node, path: path, message(for: error, type: type, node: node))
        }
        return self.error(.invalidValue, at: node, path: path, "\(error)")
    }

    /// The node reached from `node` by `keys` (mapping keys or list indices), if it exists.
    private func descend(
        from node: Node, path: [ConfigPathComponent], along keys: ArraySlice<any CodingKey>
    ) -> (Node, [ConfigPathComponent])? {
        var node = node
        var path = path
        for key in keys {
            switch node {
            case .mapping(let mapping):
                guard let value = mapping.first(where: { $0.key.string == key.stringValue })?.value else { return nil }
                node = value
                path.append(.key(key.stringValue))
            case .sequence(let sequence):
                guard let i = key.intValue, sequence.indices.contains(i) else { return nil }
                node = sequence[i]
                path.append(.index(i))
            default:
                return nil
            }
        }
        return (node, path)
    }

    /// A misspelt key of the mapping at `node` (see `unknownKeyError(in:)`), if it is one.
    private func unknownKeyError(at node: Node, path: [ConfigPathComponent]) -> ConfigError? {
        guard case .mapping = node, let record = existingRecord(at: path) else { return nil }
        return unknownKeyError(in: record)
    }

    private func message(for error: DecodingError, type: Any.Type, node: Node) -> String {
        if case .dataCorrupted = error, let names = caseNames(type) {
            return "invalid value \(describe(found: node)) (expected one of: \(names.joined(separator: ", ")))"
        }
        switch error {
        case .dataCorrupted(let context), .typeMismatch(_, let context), .valueNotFound(_, let context),
            .keyNotFound(_, let context):
            return context.debugDescription
        @unknown default:
            return "\(error)"
        }
    }

    /// Strings, booleans and numbers; nil when `T` is not one of those.
    private func decodeScalar<T>(_ type: T.Type, from node: Node, path: [ConfigPathComponent]) throws(ConfigError) -> T? {
        if type == String.self {
            guard let text = Scalars.string(node) else { throw mismatch(T.self, node, path) }
            return text as? T
        }
        if type == Bool.self {
            guard let value = Scalars.bool(node) else { throw mismatch(T.self, node, path) }
            return value as? T
        }
        if type == Double.self {
            return try number(Scalars.double(node, allowsNonFinite: allowsNonFiniteNumbers), T.self, node, path) as? T
        }
        if type == Float.self {
            let value = try number(Scalars.double(node, allowsNonFinite: allowsNonFiniteNumbers), T.self, node, path)
            let narrowed = Float(value)
            if value.isFinite && !narrowed.isFinite {
                throw error(.invalidValue, at: node, path: path, "\(describe(found: node)) is out of range for Float")
            }
            return narrowed as? T
        }
        if let integerType = type as? any FixedWidthInteger.Type {
            func parse<I: FixedWidthInteger>(_ type: I.Type) throws(ConfigError) -> I {
                try number(Scalars.integer(node, as: I.self), I.self, node, path)
            }
            return try parse(integerType) as? T
        }
        return nil
    }

    private func number<N>(
        _ result: Result<N, Scalars.NumberProblem>, _ type: Any.Type, _ node: Node,
        _ path: [ConfigPathComponent]
    ) throws(ConfigError) -> N {
        switch result {
        case .success(let value):
            return value
        case .failure(.notANumber):
            throw mismatch(type, node, path)
        case .failure(.notAnInteger):
            throw error(.typeMismatch, at: node, path: path, "expected an integer, found \(describe(found: node))")
        case .failure(.nonFinite):
            throw error(.invalidValue, at: node, path: path, "expected a finite number, found \(describe(found: node))")
        case .failure(.outOfRange):
            throw error(.invalidValue, at: node, path: path, "\(describe(found: node)) is out of range for \(type)")
        }
    }

    func mismatch(_ type: Any.Type, _ node: Node, _ path: [ConfigPathComponent]) -> ConfigError {
        var message = "expected \(describe(expected: type)), found \(describe(found: node))"
        if case .scalar(let scalar) = node, scalar.style != .plain, scalar.style != .any,
            type != String.self, Scalars.isDecimalNumber(scalar.string) || ["true", "false"].contains(scalar.string)
        {
            message += " (quoted values are text; remove the quotes)"
        }
        return error(.typeMismatch, at: node, path: path, message)
    }
}
