/// Merging builders of a parallel parse: each parsed a run of consecutive rows from the same
/// header with its own interners; appended in file order they make the builder a
/// single-threaded parse would have made.
extension PanelBuilder {
    /// Appends the rows of `other`, which parsed the rows right after this builder's.
    ///
    /// Strings are re-interned in `other`'s order of first appearance, which continues this
    /// builder's order, and the cross-row bookkeeping is replayed row by row, so duplicate
    /// and after-churn checks see the rows exactly as one builder would. `lineOffset` turns
    /// `other`'s lines (counted from 1) into lines of the file. `other`'s columns are taken;
    /// its owner still calls `release()`.
    package mutating func append(_ other: inout PanelBuilder, lineOffset: Int) throws(PanelError) {
        flushBatch()
        other.flushBatch()
        let base = rowCount
        let added = other.rowCount
        customer.append(other.customer.take(), mapping: Self.remap(other.customers, into: &customers))
        segment.append(other.segment.take(), mapping: Self.remap(other.segments, into: &segments))
        csm.append(other.csm.take(), mapping: Self.remap(other.csms, into: &csms))
        milestone.append(other.milestone.take(), mapping: Self.remap(other.milestones, into: &milestones))
        period.append(contentsOf: other.period.take())
        fit.append(contentsOf: other.fit.take())
        arr.append(contentsOf: other.arr.take())
        churned.append(contentsOf: other.churned.take())
        expansion.append(contentsOf: other.expansion.take())
        contraction.append(contentsOf: other.contraction.take())
        milestoneReached.append(contentsOf: other.milestoneReached.take())
        for f in features.indices {
            features[f].append(contentsOf: other.features[f].take())
            missing[f] += other.missing[f]
        }
        if var theirs = other.contractColumns {
            contractColumns?.append(&theirs)
        }
        for row in other.unknownOutcomeRows { unknownOutcomeRows.append(row + Int32(base)) }
        if granularity == nil { granularity = other.granularity }

        let customers = customer.array
        let periods = period.array
        let churns = churned.array
        for row in base..<(base + added) {
            try track(customer: customers[row], ordinal: periods[row].ordinal, churned: churns[row], row: row)
        }
        for anchor in other.lineAnchors { addAnchor(row: base + anchor.row, line: anchor.line + lineOffset) }
        flushedRows += added
    }

    /// Index in `target` of every string of `source`, interning the new ones in `source`'s order.
    private static func remap(_ source: StringInterner, into target: inout StringInterner) -> [Int32] {
        source.strings.map { string in
            var string = string
            return string.withUTF8 { target.intern($0) } ?? -1
        }
    }
}
