import Testing

@testable import BearingMetrics

/// The shared Cholesky solve against a hand calculation: the textbook matrix
/// A = [[4, 12, −16], [12, 37, −43], [−16, −43, 98]] has L = [[2, 0, 0], [6, 1, 0], [−8, 5, 3]],
/// and x = (1, 2, 3) gives b = A x = (−20, −43, 192).
struct CholeskyTests {
    static let full: [Double] = [4, 12, -16, 12, 37, -43, -16, -43, 98]
    static let packed: [Double] = [4, 12, 37, -16, -43, 98]
    static let b: [Double] = [-20, -43, 192]

    @Test func factorMatchesTheHandCalculation() throws {
        let l = try #require(Cholesky.factor(dimension: 3) { j, k in Self.full[j * 3 + k] })
        #expect(l == [2, 0, 0, 6, 1, 0, -8, 5, 3])
    }

    @Test func packedAndFullFormsSolveToTheKnownX() throws {
        let fromPacked = try #require(Cholesky.solve(packedLower: Self.packed, dimension: 3, rhs: Self.b))
        let fromFull = try #require(Cholesky.solve(symmetric: Self.full, dimension: 3, rhs: Self.b))
        #expect(fromPacked == fromFull)
        for (got, want) in zip(fromFull, [1.0, 2, 3]) { #expect(abs(got - want) < 1e-12) }
    }

    @Test func notPositiveDefiniteIsNil() {
        // Eigenvalues 3 and −1.
        #expect(Cholesky.solve(symmetric: [1, 2, 2, 1], dimension: 2, rhs: [1, 1]) == nil)
        #expect(Cholesky.solve(packedLower: [1, 0, .nan], dimension: 2, rhs: [1, 1]) == nil)
    }
}
