/// Raw pointers of one scoring call. Workers write disjoint ranges of the outputs and only read
/// the inputs, which is what makes sharing them across threads sound.
struct KernelIO: @unchecked Sendable {
    let features: UnsafePointer<Float>
    /// Distance between columns (the matrix row count).
    let stride: Int
    let direction: UnsafeMutablePointer<Float>
    let magnitude: UnsafeMutablePointer<Float>
    let probability: UnsafeMutablePointer<Float>
    let category: UnsafeMutablePointer<UInt8>
    let directionRaw: UnsafeMutablePointer<Float>?
    let magnitudeRaw: UnsafeMutablePointer<Float>?
}
