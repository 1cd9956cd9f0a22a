import Testing

@testable import BearingRandom

/// `RandomStreamLanes` must draw, lane by lane, exactly what the scalar `RandomStream` with the
/// same key draws: the simulation's outputs depend on it bit for bit.
struct RandomStreamLanesTests {
    @Test(arguments: [(0 as UInt32, 0 as UInt32), (5, 1_000), (2, 0xFFFF_FFFC)])
    func storedStatesAreTheScalarStreams(trial: UInt32, first: UInt32) {
        let customers = RandomStreamLanes.Customers(seed: 77, trial: trial, first: first)
        let state = UnsafeMutablePointer<UInt64>.allocate(capacity: 32)
        defer { state.deallocate() }
        for period: UInt32 in [0, 3, 41] {
            RandomStreamLanes(customers: customers, period: period, purpose: 3).store(into: state)
            for lane in 0..<8 {
                var a = RandomStream(lanes: state, lane: lane)
                // Customer indices wrap at 2^32, like the scalar keys' `truncatingIfNeeded`.
                var b = RandomStream(
                    seed: 77, trial: trial, customer: first &+ UInt32(lane), period: period, purpose: 3)
                for _ in 0..<8 { #expect(a.next() == b.next(), "period \(period) lane \(lane)") }
            }
        }
    }

    /// Enough keys that many lanes leave the ziggurat's fast path (about one in five for 16
    /// draws), so the scalar finish of a slow draw is exercised too; 600 draws a lane put
    /// several slow draws in most lanes, some of them in the tail, with later draws shifted.
    @Test(arguments: [(16, 64), (600, 4)])
    func normalsAreTheScalarStreams(count: Int, blocks: Int) {
        let out = UnsafeMutablePointer<Float>.allocate(capacity: 8 * count)
        defer { out.deallocate() }
        var lanesChecked = 0
        for block in 0..<blocks {
            let first = UInt32(block * 8)
            let customers = RandomStreamLanes.Customers(seed: 2027, trial: 1, first: first)
            for period: UInt32 in 0..<4 {
                RandomStreamLanes(customers: customers, period: period, purpose: 4).fillNormals(count: count, into: out)
                for lane in 0..<8 {
                    var scalar = RandomStream(seed: 2027, trial: 1, customer: first + UInt32(lane), period: period, purpose: 4)
                    for i in 0..<count {
                        let expected = scalar.nextNormal()
                        #expect(
                            out[i * 8 + lane].bitPattern == expected.bitPattern,
                            "customer \(first + UInt32(lane)) period \(period) draw \(i)")
                    }
                    lanesChecked += 1
                }
            }
        }
        #expect(lanesChecked == blocks * 4 * 8)
    }
}
