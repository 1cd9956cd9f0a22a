#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One parameter the moment matching turns so a simulated total meets its target: solves
/// f(x) = log(simulated / target) = 0 by secant steps, starting from a guessed slope.
///
/// Simulations use the same seeds every round (common random numbers), so f is a smooth
/// deterministic function of x and the secant converges in a few rounds. The secant slope is
/// used only when it has the guessed sign and lies within 1/20 to 20 times the guess;
/// steps are capped at `maxStep`.
struct SecantKnob: Sendable {
    var x: Double = 0
    let guess: Double
    let maxStep: Double
    private var previous: (x: Double, f: Double)?

    init(guess: Double, maxStep: Double = 1.5) {
        self.guess = guess
        self.maxStep = maxStep
    }

    /// log(simulated / target), capped at ±5 when the simulation has none.
    static func error(simulated: Double, target: Double) -> Double {
        guard target > 0 else { return 0 }
        guard simulated > 0 else { return -5 }
        return max(-5, min(5, log(simulated / target)))
    }

    mutating func step(_ f: Double) {
        var slope = guess
        if let p = previous, x != p.x {
            let s = (f - p.f) / (x - p.x)
            if s.isFinite, s * guess > 0, abs(s) > abs(guess) / 20, abs(s) < abs(guess) * 20 { slope = s }
        }
        previous = (x, f)
        x += max(-maxStep, min(maxStep, -f / slope))
    }
}
