/// Reads the contract columns of a panel CSV in the reader's batches (see `PanelBuilder`).
struct ContractColumnsBuilder {
    private var term: BatchedColumn<Int32>
    private var renewal: BatchedColumn<Int32>

    init(batchRows: Int) {
        term = BatchedColumn(batchRows: batchRows)
        renewal = BatchedColumn(batchRows: batchRows)
    }

    /// Defaults of a row whose file lacks one of the two columns.
    func clear(_ slot: Int) {
        term.set(slot, -1)
        renewal.set(slot, ContractColumns.noDate)
    }

    func setTerm(_ slot: Int, _ value: Int32) { term.set(slot, value) }
    func setRenewal(_ slot: Int, _ value: Int32) { renewal.set(slot, value) }

    mutating func reserve(rows: Int) {
        term.reserve(rows: rows)
        renewal.reserve(rows: rows)
    }

    mutating func flush(count: Int) {
        term.flush(count: count)
        renewal.flush(count: count)
    }

    mutating func take() -> ContractColumns {
        ContractColumns(termMonths: term.take(), renewalDay: renewal.take())
    }

    func release() {
        term.release()
        renewal.release()
    }

    /// A contract term: a whole number of months, 1 to 1200.
    static func parseTerm(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        guard !bytes.isEmpty, bytes.count <= 4 else { return nil }
        var value: Int32 = 0
        for b in bytes {
            guard b >= 48, b <= 57 else { return nil }
            value = value * 10 + Int32(b - 48)
        }
        return (1...1200).contains(value) ? value : nil
    }
}

extension ContractColumnsBuilder {
    /// Appends another builder's flushed cells (merging a parallel parse).
    mutating func append(_ other: inout ContractColumnsBuilder) {
        term.append(contentsOf: other.term.take())
        renewal.append(contentsOf: other.renewal.take())
    }
}
