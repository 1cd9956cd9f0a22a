/// The fields of the row being scanned, in a reused block (no uniqueness checks per field).
struct FieldList {
    private var base: UnsafeMutablePointer<FieldRange>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int = 64) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    @inline(__always)
    mutating func append(_ field: FieldRange) {
        if count == capacity { grow() }
        (base + count).initialize(to: field)
        count += 1
    }

    mutating func removeAll() { count = 0 }

    var fields: UnsafeMutableBufferPointer<FieldRange> { UnsafeMutableBufferPointer(start: base, count: count) }

    func release() { base.deallocate() }

    private mutating func grow() {
        let grown = UnsafeMutablePointer<FieldRange>.allocate(capacity: capacity * 2)
        grown.moveInitialize(from: base, count: count)
        base.deallocate()
        base = grown
        capacity *= 2
    }
}
