/// Running count, sum and sum of squares of taken upsell values.
struct ValueSums: Sendable, Hashable {
    var count = 0
    var sum = 0.0
    var sumSquares = 0.0

    mutating func add(_ x: Double) {
        count += 1
        sum += x
        sumSquares += x * x
    }

    var mean: Double? { count > 0 ? sum / Double(count) : nil }

    /// Sample standard deviation (n − 1), when there are at least 2 values.
    var standardDeviation: Double? {
        guard count >= 2 else { return nil }
        let m = sum / Double(count)
        return max(0, (sumSquares - Double(count) * m * m) / Double(count - 1)).squareRoot()
    }
}
