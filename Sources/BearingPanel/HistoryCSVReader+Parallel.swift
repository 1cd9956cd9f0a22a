import Foundation

// MARK: In-place and parallel parse of bytes in memory

extension HistoryCSVReader {
    /// Parses `bytes` without copying them (they are only read, so another thread may hash
    /// them meanwhile). Inputs of at least `parallelMinimumBytes` are split into up to
    /// `threads` chunks at row boundaries; see `parseChunks`.
    func parseInPlace(
        _ bytes: UnsafeBufferPointer<UInt8>, fileName: String
    ) throws(PanelError) -> (panel: HistoryPanel, summary: PanelReadSummary) {
        var builder: PanelBuilder?
        defer { builder?.release() }
        guard let base = bytes.baseAddress, !bytes.isEmpty else {
            return try Self.finish(&builder, line: 1, bytesRead: 0, fileName: fileName)
        }
        let end = bytes.count
        var start = try Self.checkStart(UnsafeBufferPointer(rebasing: bytes.prefix(4096)), fileName: fileName)
        var line = 1
        var fields = CSVFieldList()
        defer { fields.release() }
        var scratch = RowScratch()
        defer { scratch.release() }
        try Self.scanRows(
            base, start: &start, end: end, eof: true, line: &line, fields: &fields, scratch: &scratch,
            builder: &builder, fileName: fileName, headerOnly: true)

        if threads > 1, end >= parallelMinimumBytes, let header = builder {
            // Split at guessed row ends: any line feed, as if none were quoted, so no serial
            // pass looks for quotes first. A guess inside a quoted cell leaves the chunk before
            // it ending in an unterminated quote, which its parse always reports; so on any
            // error the file is parsed again with splits that follow the quotes, and that
            // parse's outcome (panel or first error) is the answer.
            let parts = threads * Self.chunksPerThread
            let guessed = Self.rowChunks(
                base, from: start, to: end, parts: parts, minimumBytes: minimumChunkBytes, followQuotes: false)
            if guessed.count > 1 {
                builder = nil
                do {
                    return try parseChunks(base, guessed, header: header, firstLine: line, bytesRead: end, fileName: fileName)
                } catch {
                    let exact = Self.rowChunks(base, from: start, to: end, parts: parts, minimumBytes: minimumChunkBytes)
                    if exact == guessed { throw error }
                    builder = try PanelBuilder(header: header.names, fileName: fileName, line: line - 1)
                    if exact.count > 1, let fresh = builder {
                        builder = nil
                        return try parseChunks(base, exact, header: fresh, firstLine: line, bytesRead: end, fileName: fileName)
                    }
                }
            }
        }
        builder?.reserve(rows: Self.estimatedRows(base, from: start, to: end))
        try Self.scanRows(
            base, start: &start, end: end, eof: true, line: &line, fields: &fields, scratch: &scratch,
            builder: &builder, fileName: fileName)
        return try Self.finish(&builder, line: line, bytesRead: end, fileName: fileName)
    }

    /// Parses each chunk into its own builder on `threads` threads and merges them in file
    /// order. When chunks fail, the error of the first one is thrown, its line moved by the
    /// lines of the chunks before it: the first error in file order, as one thread finds it.
    private func parseChunks(
        _ base: UnsafePointer<UInt8>, _ chunks: [Range<Int>], header: PanelBuilder, firstLine: Int, bytesRead: Int,
        fileName: String
    ) throws(PanelError) -> (panel: HistoryPanel, summary: PanelReadSummary) {
        let slots = ChunkSlots(base: base, count: chunks.count)
        slots.set(0, .ready(header))
        var failure: PanelError?
        for k in 1..<chunks.count {
            do {
                slots.set(k, .ready(try PanelBuilder(header: header.names, fileName: fileName, line: firstLine - 1)))
            } catch {
                failure = error
                slots.set(k, .failed(error))
            }
        }
        // Chunks are merged in file order as soon as they and every chunk before them are
        // parsed, while later chunks are still being parsed: with several chunks per thread,
        // only the last chunk's merge is left after the parsing. The first failure in file
        // order wins; builders after it are released unmerged.
        var merged: PanelBuilder?
        defer { merged?.release() }
        var chunkStartLine = firstLine
        func mergeNext(_ k: Int) {
            switch slots.take(k) {
            case .ready(var unused):
                unused.release()
            case .failed(var error):
                if failure == nil {
                    if k > 0, let line = error.line { error.line = line + chunkStartLine - 1 }
                    failure = error
                }
            case .parsed(var builder, let lines):
                if failure != nil {
                    builder.release()
                } else if merged == nil {
                    merged = builder
                } else {
                    do {
                        try merged?.append(&builder, lineOffset: chunkStartLine - 1)
                    } catch {
                        failure = error
                    }
                    builder.release()
                }
                chunkStartLine += lines
            case nil:
                break
            }
        }
        if failure == nil {
            // Every chunk but the first sees only its own rows: give them the granularity the
            // first data row sets, so a mismatch is reported where one thread reports it.
            let granularity = Self.firstGranularity(
                base, chunks[0], columnCount: header.names.count, periodColumn: header.periodColumn)
            let estimates = chunks.indices.map { k in
                Self.estimatedRows(base, from: chunks[k].lowerBound, to: k == 0 ? bytesRead : chunks[k].upperBound)
            }
            OrderedBlocks.run(count: chunks.count, threads: threads) { k -> Int in
                slots.parse(k, chunks[k], firstLine: k == 0 ? firstLine : 1, granularity: granularity, reserve: estimates[k])
                return k
            } consume: { k in
                mergeNext(k)
            }
        } else {
            for k in chunks.indices { mergeNext(k) }
        }
        if let failure { throw failure }
        return try Self.finish(&merged, line: chunkStartLine, bytesRead: bytesRead, fileName: fileName)
    }

    /// Splits `from..<to` into up to `parts` runs of whole rows, each at least `minimumBytes`.
    /// A run ends after a line feed outside quotes: without any quote byte in the input,
    /// after any line feed; otherwise quote parity is tracked from `from` (doubled quotes
    /// keep it; a malformed quote can only misplace splits after itself, and the chunk
    /// holding it reports it first).
    ///
    /// With `followQuotes` false every run ends after the first line feed past its share, as
    /// if no line feed were quoted: no serial pass over the bytes, but a split inside a quoted
    /// cell makes the run before it end in an unterminated quote, which its caller must treat
    /// as a wrong guess.
    package static func rowChunks(
        _ base: UnsafePointer<UInt8>, from: Int, to: Int, parts: Int, minimumBytes: Int, followQuotes: Bool = true
    ) -> [Range<Int>] {
        let length = to - from
        let count = min(parts, length / max(1, minimumBytes))
        guard count > 1 else { return [from..<to] }
        let quoted = followQuotes && memchr(base + from, Int32(UInt8(ascii: "\"")), length) != nil
        var bounds = [from]
        var cursor = from
        var inQuotes = false
        for i in 1..<count {
            let target = from + length / count * i
            guard target > cursor else { continue }
            var split = to
            if quoted {
                if Self.hasOddQuoteCount(base, from: cursor, to: target) { inQuotes.toggle() }
                cursor = target
                while cursor < to {
                    let byte = base[cursor]
                    cursor += 1
                    if byte == UInt8(ascii: "\"") {
                        inQuotes.toggle()
                    } else if byte == UInt8(ascii: "\n"), !inQuotes {
                        split = cursor
                        break
                    }
                }
            } else if let lf = memchr(base + target, Int32(UInt8(ascii: "\n")), to - target) {
                split = base.distance(to: lf.assumingMemoryBound(to: UInt8.self)) + 1
                cursor = split
            }
            guard split < to else { break }
            bounds.append(split)
        }
        bounds.append(to)
        return (0..<(bounds.count - 1)).map { bounds[$0]..<bounds[$0 + 1] }
    }

    /// Whether `from..<to` holds an odd number of quote bytes, 32 bytes at a time: the
    /// splitter needs only the parity of the quotes before a split point, and a byte-wise
    /// walk over half of a quoted 180 MB export took ~40 ms before any thread could start.
    package static func hasOddQuoteCount(_ base: UnsafePointer<UInt8>, from: Int, to: Int) -> Bool {
        // Exactly the zero bytes of x get their high bit (no borrow between bytes).
        @inline(__always) func quotes(_ w: UInt64) -> Int {
            let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
            let x = w ^ 0x2222_2222_2222_2222
            return (~(((x & low) &+ low) | x | low)).nonzeroBitCount
        }
        var count = 0
        var p = from
        let raw = UnsafeRawPointer(base)
        while p + 32 <= to {
            count &+=
                quotes(raw.loadUnaligned(fromByteOffset: p, as: UInt64.self))
                &+ quotes(raw.loadUnaligned(fromByteOffset: p + 8, as: UInt64.self))
                &+ quotes(raw.loadUnaligned(fromByteOffset: p + 16, as: UInt64.self))
                &+ quotes(raw.loadUnaligned(fromByteOffset: p + 24, as: UInt64.self))
            p += 32
        }
        while p < to {
            if base[p] == UInt8(ascii: "\"") { count += 1 }
            p += 1
        }
        return count & 1 == 1
    }

    /// Rows expected in `from..<to`, from the line feeds of its first 64 KiB, with 2% to
    /// spare (only sizes the columns: a wrong guess costs a reallocation, not a result).
    package static func estimatedRows(_ base: UnsafePointer<UInt8>, from: Int, to: Int) -> Int {
        let sample = min(to - from, 64 << 10)
        guard sample > 0 else { return 0 }
        var lines = 0
        for i in from..<(from + sample) where base[i] == UInt8(ascii: "\n") { lines += 1 }
        let bytesPerRow = Double(sample) / Double(max(1, lines))
        return Int(Double(to - from) / bytesPerRow * 1.02) + 64
    }

    /// Granularity of the first data row's period, if that row has a valid one.
    private static func firstGranularity(
        _ base: UnsafePointer<UInt8>, _ range: Range<Int>, columnCount: Int, periodColumn: Int
    ) -> Granularity? {
        var fields = CSVFieldList()
        defer { fields.release() }
        var p = range.lowerBound
        while p < range.upperBound {
            switch scanRow(base, from: p, to: range.upperBound, eof: true, fieldLimit: columnCount, fields: &fields) {
            case .blank(let next):
                p = next
            case .row:
                guard periodColumn < fields.count, !fields.fields[periodColumn].escaped else { return nil }
                let field = fields.fields[periodColumn]
                let cell = UnsafeBufferPointer(start: base + field.start, count: field.end - field.start)
                return PanelBuilder.periodLabel(cell)?.granularity
            default:
                return nil
            }
        }
        return nil
    }
}
