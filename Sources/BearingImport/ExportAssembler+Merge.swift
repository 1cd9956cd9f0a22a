import BearingPanel

/// Merging the assemblers of a parallel import: each converted a run of consecutive rows of
/// the same export with its own builder and interners; absorbed in file order they hold what
/// one assembler converting every row would hold (see `ParallelExportImport`).
extension ExportAssembler {
    /// Takes the rows, errors and counts of `other`, which converted the rows right after this
    /// assembler's, its lines counted from 1: `lineOffset` turns them into lines of the file.
    /// `other`'s owner still calls `release()`.
    mutating func absorb(_ other: inout ExportAssembler, lineOffset: Int) {
        rowsRead += other.rowsRead
        counts.add(other.counts)
        var theirs = other.errors
        theirs.shiftLines(by: lineOffset)
        errors.merge(theirs)
        if periods.granularity == nil { periods = periods.settled(as: other.periods) }
        committer.absorb(&other.committer, lineOffset: lineOffset)
    }
}

extension RowCommitter {
    /// Appends the committed rows of `other` (see `ExportAssembler.absorb`): the builder's
    /// columns and cross-row bookkeeping, the categorical levels re-interned in `other`'s order
    /// of first appearance, and the errors, moved by `lineOffset`.
    mutating func absorb(_ other: inout RowCommitter, lineOffset: Int) {
        do {
            try builder.append(&other.builder, lineOffset: lineOffset)
        } catch {
            errors.add(ImportError(error))
        }
        for j in levels.indices {
            let mapping = other.levels[j].strings.map { string in
                var string = string
                return string.withUTF8 { levels[j].intern($0) } ?? -1
            }
            codes[j].append(contentsOf: other.codes[j].map { $0 < 0 ? -1 : mapping[Int($0)] })
        }
        var theirs = other.errors
        theirs.shiftLines(by: lineOffset)
        errors.merge(theirs)
    }
}
