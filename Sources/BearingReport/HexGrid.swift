/// A grid of pointy-top regular hexagons of circumradius `radius` in screen space, for density
/// maps (hexbin). Cell (i, j) is centred at ((i + (j odd ? ½ : 0))·√3·r, j·1.5·r); a point
/// belongs to the cell whose centre is nearest (the hexagons are that lattice's Voronoi cells).
package struct HexGrid: Sendable, Equatable {
    /// One hexagon of the grid.
    package struct Cell: Hashable, Sendable, Comparable {
        package var i: Int
        package var j: Int

        package init(i: Int, j: Int) {
            self.i = i
            self.j = j
        }

        /// Row by row, top to bottom, then left to right: the order the map draws them.
        package static func < (a: Cell, b: Cell) -> Bool { a.j != b.j ? a.j < b.j : a.i < b.i }
    }

    package var radius: Double

    package init(radius: Double) {
        self.radius = radius
    }

    /// Horizontal distance between neighbouring centres in a row.
    var dx: Double { radius * 3.0.squareRoot() }
    /// Vertical distance between rows.
    var dy: Double { radius * 1.5 }

    /// The cell whose centre is nearest (x, y). Both coordinates must be finite.
    ///
    /// The nearest centre is within the circumradius r of the point, so in one of the two rows
    /// bracketing y (rows are 1.5·r apart); within a row the nearest centre is the rounded
    /// column. Comparing those two candidates is exact (d3-hexbin's shortcut compares
    /// distances in row and column units, which differ, and can pick a centre up to ~5% too far).
    package func cell(x: Double, y: Double) -> Cell {
        let row = (y / dy).rounded(.down)
        var best: (cell: Cell, distance: Double)?
        for j in [row, row + 1] {
            let i = (x / dx - Self.half(j)).rounded()
            let cell = Cell(i: Int(i), j: Int(j))
            let c = center(cell)
            let distance = (c.x - x) * (c.x - x) + (c.y - y) * (c.y - y)
            if best == nil || distance < best?.distance ?? .infinity { best = (cell, distance) }
        }
        return best?.cell ?? Cell(i: 0, j: 0)
    }

    /// Centre of `cell` in screen coordinates.
    package func center(_ cell: Cell) -> (x: Double, y: Double) {
        ((Double(cell.i) + Self.half(Double(cell.j))) * dx, Double(cell.j) * dy)
    }

    /// The six corners of a hexagon centred at (x, y), clockwise from the top.
    package func corners(x: Double, y: Double) -> [(x: Double, y: Double)] {
        let h = dx / 2
        let r = radius
        return [(x, y - r), (x + h, y - r / 2), (x + h, y + r / 2), (x, y + r), (x - h, y + r / 2), (x - h, y - r / 2)]
    }

    /// ½ for odd rows (which are shifted right by half a hexagon), else 0.
    private static func half(_ row: Double) -> Double {
        row.truncatingRemainder(dividingBy: 2) == 0 ? 0 : 0.5
    }
}
