import Foundation
import Testing

@testable import BearingCalibration

/// `NewtonStopping.predicted` against `.verified` on scikit-learn's fixtures, cold and warm
/// started: the same point to 1e-8 (in practice the same Newton iterate), one pass fewer
/// whenever the prediction fired, and an objective that the quadratic model gets to 1e-9.
@Suite struct NewtonStoppingTests {
    /// A fixture and its standardised design.
    static func standardized(_ fixture: String) throws -> (FixtureData.Table, DesignMatrix) {
        let table = try FixtureData.table(fixture)
        let standardization = try FeatureStandardization(names: table.names, columns: table.columns)
        return (table, try standardization.apply(to: table.columns))
    }

    @Test(arguments: ["basic.csv", "missing.csv"], [0.01, 1, 100])
    func predictedStopReturnsTheVerifiedPoint(fixture: String, c: Double) throws {
        let (table, x) = try Self.standardized(fixture)
        let options = LogisticOptions(c: c)
        // Cold, and warm from a neighbouring C's solution (the walk-forward's C path).
        let neighbour = try LogisticRegression.fit(x, labels: table.labels, options: LogisticOptions(c: c * 10))
        for start in [nil, [neighbour.intercept] + neighbour.coefficients] {
            let verified = try LogisticRegression.fit(
                x, tiles: nil, labels: table.labels, options: options, start: start, stopping: .verified)
            let predicted = try LogisticRegression.fit(
                x, tiles: nil, labels: table.labels, options: options, start: start, stopping: .predicted)
            let what = "\(fixture) C = \(c) \(start == nil ? "cold" : "warm")"
            #expect(predicted.converged, "\(what)")
            #expect(abs(predicted.intercept - verified.intercept) <= 1e-8, "\(what): intercept")
            for (a, b) in zip(predicted.coefficients, verified.coefficients) {
                #expect(abs(a - b) <= 1e-8, "\(what): coefficient \(a) vs \(b)")
            }
            // The prediction fires in most of these cases; when it does it saves the last pass.
            #expect([verified.passes, verified.passes - 1].contains(predicted.passes), "\(what): passes")
            #expect(abs(predicted.objective - verified.objective) <= 1e-9 * verified.objective, "\(what): objective")
            #expect(predicted.maxAbsGradient <= 1e-10 * Double(x.rowCount), "\(what): predicted gradient")
        }
    }

    /// A rate carried from the fit the start comes from (the walk-forward's previous period at
    /// the same C, here a fit on a tenth fewer rows): `.verified` returns the same bits as
    /// without it (a wrong prediction only costs a Hessian); `.predicted` the same point to
    /// 1e-8 in at most as many passes.
    @Test(arguments: ["basic.csv", "missing.csv"], [0.01, 1, 100])
    func carriedRateKeepsThePoint(fixture: String, c: Double) throws {
        let (table, x) = try Self.standardized(fixture)
        let options = LogisticOptions(c: c)
        let m = x.rowCount * 9 / 10
        var head: [Float] = []
        for j in 0..<x.columnCount { head += x.storage[(j * x.rowCount)..<(j * x.rowCount + m)] }
        let earlier = try LogisticRegression.solve(
            DesignMatrix(uncheckedRowCount: m, columnCount: x.columnCount, storage: head), tiles: nil,
            labels: Array(table.labels[..<m]), options: options, start: nil, stopping: .predicted)
        let start = [earlier.fit.intercept] + earlier.fit.coefficients
        let what = "\(fixture) C = \(c)"
        let rate = try #require(earlier.rate, "\(what): the earlier fit measures a rate")
        for stopping in [NewtonStopping.verified, .predicted] {
            let plain = try LogisticRegression.solve(
                x, tiles: nil, labels: table.labels, options: options, start: start, stopping: stopping)
            let carried = try LogisticRegression.solve(
                x, tiles: nil, labels: table.labels, options: options, start: start, rate: rate, stopping: stopping)
            #expect(carried.fit.converged, "\(what) \(stopping)")
            if stopping == .verified {
                #expect(carried.fit.intercept == plain.fit.intercept, "\(what): verified intercept")
                #expect(carried.fit.coefficients == plain.fit.coefficients, "\(what): verified coefficients")
            } else {
                #expect(carried.fit.passes <= plain.fit.passes, "\(what): passes")
                #expect(abs(carried.fit.intercept - plain.fit.intercept) <= 1e-8, "\(what): intercept")
                for (a, b) in zip(carried.fit.coefficients, plain.fit.coefficients) {
                    #expect(abs(a - b) <= 1e-8, "\(what): coefficient \(a) vs \(b)")
                }
            }
        }
    }
}
