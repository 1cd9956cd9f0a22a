import Testing

@testable import BearingPanel

/// `lastIndex(atMost:by:)` against a linear scan, on sorted starts with repeats (empty blocks)
/// and values before, on and after every start.
struct SortedSearchTests {
    static func linear(_ starts: [Int], _ value: Int) -> Int {
        starts.indices.last { starts[$0] <= value } ?? 0
    }

    @Test func matchesALinearScan() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for length in 1...40 {
            var starts = [0]
            for _ in 1..<length {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                starts.append(starts[starts.count - 1] + Int(state >> 62))  // steps 0...3: repeats
            }
            for value in -1...(starts[starts.count - 1] + 2) {
                #expect(starts.lastIndex(atMost: value) { $0 } == Self.linear(starts, value), "\(starts) \(value)")
            }
        }
    }

    @Test func searchesASliceFromItsOwnStart() {
        let starts = [0, 4, 4, 9, 12]
        #expect(starts.dropLast().lastIndex(atMost: 100) { $0 } == 3)
        #expect(starts.dropFirst().lastIndex(atMost: 0) { $0 } == 1)
        #expect(starts.lastIndex(atMost: 4) { $0 } == 2)
    }
}
