/// Going dark: key contacts stop engaging. A latent two-state chain per customer.
///
/// At period 0 a customer is dark with probability `initial`. At the end of each period a
/// customer who is not dark goes dark with probability `going_dark` (a logistic function of
/// its latent state, see `LogisticEffect`), and a dark customer re-engages with probability
/// `recovery`. Being dark raises the churn hazard by the hazards' `dark` coefficients and
/// shows in the features through their `dark` loadings (e.g. days since contact jumps); it is
/// never written to the panel.
public struct DarkDynamics: Sendable, Hashable, Codable {
    public var initial: Double
    public var goingDark: LogisticEffect
    public var recovery: LogisticEffect

    public init(initial: Double, goingDark: LogisticEffect, recovery: LogisticEffect) {
        self.initial = initial
        self.goingDark = goingDark
        self.recovery = recovery
    }

    enum CodingKeys: String, CodingKey {
        case initial
        case goingDark = "going_dark"
        case recovery
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        initial = try c.probability(.initial, default: 0)
        goingDark = try c.decode(LogisticEffect.self, forKey: .goingDark)
        recovery = try c.decode(LogisticEffect.self, forKey: .recovery)
        // The state is known in each case, so a `dark` slope would only be a hidden intercept.
        if goingDark.dark != 0 { throw c.invalid(.goingDark, "`going_dark.dark` must be absent: only customers who are not dark can go dark") }
        if recovery.dark != 0 { throw c.invalid(.recovery, "`recovery.dark` must be absent: only dark customers recover") }
    }
}
