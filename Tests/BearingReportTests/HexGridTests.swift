import Foundation
import Testing

@testable import BearingReport

struct HexGridTests {
    /// Reference: the nearest hexagon centre by brute force over every cell of a wide window
    /// (the definition of a hexagonal bin), against the grid's O(1) rounding rule.
    @Test(arguments: [5.0, 11.0, 17.3])
    func cellIsTheNearestCentre(radius: Double) throws {
        let grid = HexGrid(radius: radius)
        let dx = radius * 3.0.squareRoot()
        let dy = radius * 1.5
        // A deterministic sweep with an irrational step, plus the corners and edges of cells.
        var points: [(Double, Double)] = (0..<4_000).map { k in
            let t = Double(k)
            return (
                (t * 0.618_033_988_7).truncatingRemainder(dividingBy: 1) * 300 - 40,
                (t * 0.414_213_562_4).truncatingRemainder(dividingBy: 1) * 200 - 30
            )
        }
        for c in [HexGrid.Cell(i: 3, j: 4), HexGrid.Cell(i: -2, j: -1)] {
            let center = grid.center(c)
            points += grid.corners(x: center.x, y: center.y).map { ($0.x, $0.y) }
            points.append((center.x, center.y))
        }
        for (x, y) in points {
            let cell = grid.cell(x: x, y: y)
            let got = grid.center(cell)
            let distance = hypot(got.x - x, got.y - y)
            var best = Double.infinity
            for j in Int(floor(y / dy)) - 3...Int(ceil(y / dy)) + 3 {
                for i in Int(floor(x / dx)) - 3...Int(ceil(x / dx)) + 3 {
                    let c = grid.center(HexGrid.Cell(i: i, j: j))
                    best = min(best, hypot(c.x - x, c.y - y))
                }
            }
            // Points on a boundary are equidistant from two centres: either is right.
            #expect(distance <= best + 1e-9 * radius, "(\(x), \(y)) went to \(cell) at \(distance), nearest is \(best)")
            #expect(distance <= radius + 1e-9, "a point is never further than the circumradius from its centre")
        }
    }

    /// Closed form: neighbouring centres are √3·r apart in a row and rows 1.5·r apart, odd rows
    /// shifted by half a hexagon; corners lie on the circumcircle.
    @Test func geometry() {
        let grid = HexGrid(radius: 10)
        #expect(grid.center(.init(i: 0, j: 0)).x == 0 && grid.center(.init(i: 0, j: 0)).y == 0)
        #expect(abs(grid.center(.init(i: 1, j: 0)).x - 10 * 3.0.squareRoot()) < 1e-12)
        #expect(abs(grid.center(.init(i: 0, j: 1)).x - 5 * 3.0.squareRoot()) < 1e-12)
        #expect(grid.center(.init(i: 0, j: 1)).y == 15)
        #expect(abs(grid.center(.init(i: 0, j: -1)).x - 5 * 3.0.squareRoot()) < 1e-12, "negative odd rows shift the same way")
        for corner in grid.corners(x: 3, y: 4) { #expect(abs(hypot(corner.x - 3, corner.y - 4) - 10) < 1e-12) }
        #expect(HexGrid.Cell(i: 5, j: 0) < HexGrid.Cell(i: 0, j: 1))
    }
}
