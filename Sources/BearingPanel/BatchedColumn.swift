/// A panel column built in batches: cells go into a small reused block with plain stores
/// (no uniqueness or capacity check per cell), and each full block is appended to the
/// column's array in one copy. The array is the panel's final storage, so loading never
/// holds a second copy of the panel. Elements must be trivial (no references).
struct BatchedColumn<Element> {
    private let batch: UnsafeMutablePointer<Element>
    private(set) var array: [Element] = []

    init(batchRows: Int) {
        assert(_isPOD(Element.self), "BatchedColumn holds trivial types only")
        batch = .allocate(capacity: batchRows)
    }

    /// Stores a cell at `index` of the current batch.
    @inline(__always)
    func set(_ index: Int, _ value: Element) { batch[index] = value }

    /// Appends the first `count` cells of the batch to the array, growing it by 1/8 (not
    /// doubling) when the reserved size falls short.
    mutating func flush(count: Int) {
        guard count > 0 else { return }
        let needed = array.count + count
        if needed > array.capacity { array.reserveCapacity(max(needed, array.capacity + array.capacity / 8)) }
        array.append(contentsOf: UnsafeBufferPointer(start: batch, count: count))
    }

    mutating func reserve(rows: Int) {
        if rows > array.capacity { array.reserveCapacity(rows) }
    }

    /// Hands over the array (the batch block is freed by `release`).
    mutating func take() -> [Element] {
        defer { array = [] }
        return array
    }

    func release() { batch.deallocate() }

    /// Appends another column's cells (merging a parallel parse; the batch must be flushed).
    mutating func append(contentsOf cells: [Element]) {
        array.append(contentsOf: cells)
    }
}

extension BatchedColumn where Element == Int32 {
    /// Appends string indices of another interner, translated by `mapping`; -1 (no value)
    /// stays -1.
    mutating func append(_ indices: [Int32], mapping: [Int32]) {
        let start = array.count
        array.append(contentsOf: indices)
        array.withUnsafeMutableBufferPointer { cells in
            mapping.withUnsafeBufferPointer { mapping in
                for i in start..<cells.count where cells[i] >= 0 { cells[i] = mapping[Int(cells[i])] }
            }
        }
    }
}
