/// Which customers a specialisation of `CustomerKernel.simulateBook` handles. The kind is a
/// type, not a value, so each kind is compiled on its own and its constant folds away the
/// branches it never takes.
protocol KernelBook {
    /// Starting customers of segments without contracts only: no contract terms, renewals,
    /// uplifts, new logos or ramps.
    static var startingOnly: Bool { get }
}

/// Starting customers of segments without contracts: the per-period model alone.
enum StartingCustomers: KernelBook {
    static var startingOnly: Bool { true }
}

/// Any customer: contract segments and new logos too.
enum AnyCustomers: KernelBook {
    static var startingOnly: Bool { false }
}
