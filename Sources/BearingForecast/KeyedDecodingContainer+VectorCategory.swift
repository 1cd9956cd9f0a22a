import BearingPanel

extension KeyedDecodingContainer {
    /// A vector category written as its label (`positive`, ...), like the panel and scores files.
    func decodeCategoryLabel(forKey key: Key) throws -> VectorCategory {
        let label = try decode(String.self, forKey: key)
        guard let category = VectorCategory(label: label) else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: self, debugDescription: "expected positive, neutral, negative or ghost, found '\(label)'")
        }
        return category
    }
}
