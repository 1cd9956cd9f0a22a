import Foundation

/// The memory a run is expected to need, part by part, so a run that cannot fit in the
/// machine's physical memory is refused before it starts (and before it writes anything)
/// instead of dying in a failed allocation halfway, possibly leaving files behind.
///
/// Estimates are sums of element counts times element sizes for the large buffers a run holds
/// at once; they ignore small fixed costs (code, stacks, the allocator's slack), so they are a
/// little below what a run really uses. The check refuses only what cannot fit: an estimate
/// above physical memory. Arithmetic saturates at `Int.max`, so absurd sizes stay absurd
/// instead of overflowing.
public struct MemoryEstimate: Sendable, Hashable, CustomStringConvertible {
    /// One buffer (or family of buffers) of the run.
    public struct Part: Sendable, Hashable {
        public var name: String
        public var bytes: Int

        public init(name: String, bytes: Int) {
            self.name = name
            self.bytes = max(0, bytes)
        }
    }

    /// The resident size of the `bearing` program itself (code, Foundation, the runtime) before
    /// it allocates for its data: 23–27 MiB measured (`/usr/bin/time -v` on small runs), rounded up.
    public static let programBytes = 32 << 20

    /// What the estimate is for, e.g. "simulate"; used in messages.
    public var run: String
    public var parts: [Part]

    public init(run: String, parts: [Part] = []) {
        self.run = run
        self.parts = parts
    }

    /// Adds a part (saturating).
    public mutating func add(_ name: String, bytes: Int) {
        parts.append(Part(name: name, bytes: bytes))
    }

    /// The total, saturating at `Int.max`.
    public var bytes: Int {
        parts.reduce(0) { total, part in Self.sum(total, part.bytes) }
    }

    /// `a + b`, or `Int.max` on overflow.
    public static func sum(_ a: Int, _ b: Int) -> Int {
        let (result, overflow) = a.addingReportingOverflow(b)
        return overflow ? .max : result
    }

    /// The product of non-negative factors, or `Int.max` on overflow.
    public static func product(_ factors: Int...) -> Int {
        var result = 1
        for f in factors {
            let (next, overflow) = result.multipliedReportingOverflow(by: max(0, f))
            if overflow { return .max }
            result = next
        }
        return result
    }

    /// The machine's physical memory in bytes (`sysconf(_SC_PHYS_PAGES) × page size`), or nil
    /// when the system does not say.
    public static var physicalMemory: Int? {
        let pages = sysconf(Int32(_SC_PHYS_PAGES))
        let size = sysconf(Int32(_SC_PAGESIZE))
        guard pages > 0, size > 0 else { return nil }
        return product(pages, size)
    }

    /// Throws `MemoryLimitError` when the estimate exceeds `physicalMemory` (by default the
    /// machine's); does nothing when the physical memory is unknown. `advice` says how to
    /// make the run smaller, e.g. "use fewer --trials".
    public func check(physicalMemory: Int? = MemoryEstimate.physicalMemory, advice: String) throws(MemoryLimitError) {
        guard let physicalMemory, bytes > physicalMemory else { return }
        throw MemoryLimitError(estimate: self, physicalMemory: physicalMemory, advice: advice)
    }

    /// `simulate: about 2.1 GiB (history chunks 1.5 GiB, trial aggregates 600 MiB)`: parts of at
    /// least 1% of the total, largest first.
    public var description: String {
        let total = bytes
        let shown = parts.filter { $0.bytes > 0 && $0.bytes >= total / 100 }.sorted { $0.bytes > $1.bytes }
        let detail = shown.map { "\($0.name) \(Self.format($0.bytes))" }.joined(separator: ", ")
        return "\(run): about \(Self.format(total))" + (detail.isEmpty ? "" : " (\(detail))")
    }

    /// Bytes in binary units with three significant digits: `512 B`, `1.50 KiB`, `23.4 GiB`;
    /// `more than 8 EiB` at saturation.
    public static func format(_ bytes: Int) -> String {
        if bytes == .max { return "more than 8 EiB" }
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        if unit == 0 { return "\(bytes) B" }
        let digits = value >= 100 ? 0 : (value >= 10 ? 1 : 2)
        return String(format: "%.\(digits)f", value) + " " + units[unit]
    }
}

/// A run was refused because its memory estimate exceeds the machine's physical memory.
public struct MemoryLimitError: Error, Sendable, Hashable, CustomStringConvertible {
    public var estimate: MemoryEstimate
    public var physicalMemory: Int
    /// How to make the run fit.
    public var advice: String

    public init(estimate: MemoryEstimate, physicalMemory: Int, advice: String) {
        self.estimate = estimate
        self.physicalMemory = physicalMemory
        self.advice = advice
    }

    public var description: String {
        "not enough memory: \(estimate), but this machine has \(MemoryEstimate.format(physicalMemory)) of physical memory;"
            + " nothing was started or written. \(advice)"
    }
}
