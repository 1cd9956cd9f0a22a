import BearingPanel
import Testing

@testable import BearingSimulation

/// The engine's outputs for fixed seeds, pinned as digests: speed work on the kernel and the
/// samplers must not change a single bit of what a seed produces. The digests were printed by
/// the engine of main at 9019bc7, before the feature draws were batched; a change here means
/// every simulation with that seed changed and must be explained.
struct PinnedOutputTests {
    /// FNV-1a over the text of a value: `Double`/`Float` descriptions are shortest round-trip,
    /// so equal text means equal bits (NaN aside, which only features hold, hashed by bits).
    struct Digest {
        var state: UInt64 = 0xCBF2_9CE4_8422_2325

        mutating func add(_ text: String) {
            for byte in text.utf8 {
                state = (state ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            }
            state = (state ^ 0xFF) &* 0x0000_0100_0000_01B3
        }

        mutating func add(bits values: [Float]) {
            for v in values {
                state = (state ^ UInt64(v.bitPattern)) &* 0x0000_0100_0000_01B3
            }
        }
    }

    /// Features with a known link (all of them drawn in `run`), contracts of every kind in one
    /// segment, new logos with a ramp and a start shift in both.
    static func everything() -> Scenario {
        var s = TestScenarios.latentDriven(customers: [700, 500], periods: 7)
        s.trueLink = TrueLink(
            intercept: -3,
            coefficients: ["outcome.progress": -0.02, "experience.nps": -0.01, "engagement.days_since_contact": 0.05])
        s.segments[0].contracts = [
            ContractTermSpec(termMonths: 1, share: 0.3),
            ContractTermSpec(termMonths: 12, share: 0.5, uplift: .init(mean: 0.05, sd: 0.02), earlyTermination: 0.1),
            ContractTermSpec(termMonths: 24, share: 0.2),
        ]
        s.segments[0].newLogos = NewLogoSpec(mean: 40, ramp: .init(start: 0.6, periods: 2))
        s.segments[1].newLogos = NewLogoSpec(mean: 25, sd: 8, startShift: .init(direction: 0.3, experience: -0.2))
        return s
    }

    /// Sixteen features (as many as the bundled scenarios draw), a link on five of them
    /// including the last, eleven periods: more periods than one vector of lanes holds.
    static func wide() -> Scenario {
        var s = TestScenarios.latentDriven(customers: [800, 400], periods: 11)
        let groups = ["outcome", "experience", "engagement"]
        for i in 0..<12 {
            let d = Double(i % 5) * 0.2 - 0.4
            let e = Double(i % 3) * 0.3 - 0.3
            s.features.append(
                FeatureSpec(
                    name: "\(groups[i % 3]).extra_\(i)", center: Double(i), scale: 1 + Double(i) / 4,
                    loadings: .init(direction: d, experience: e, dark: i % 4 == 0 ? 2 : 0), noise: 0.5 + Double(i) / 24,
                    missing: i % 3 == 1 ? 0.2 : 0, min: i % 2 == 0 ? 0 : nil))
        }
        s.trueLink = TrueLink(
            intercept: -2.8,
            coefficients: [
                "outcome.progress": -0.01, "outcome.trend": 0.3, "experience.extra_4": -0.2,
                "engagement.extra_8": 0.15, "outcome.extra_9": 0.1, "engagement.extra_11": 0.25,
            ])
        return s
    }

    static func digest(
        _ scenario: Scenario, seed: UInt64, featureNormalsInLanes: Bool = CustomerLanes.featureNormalsInLanesByDefault
    ) throws -> (aggregates: UInt64, panel: UInt64) {
        var engine = try MonteCarloEngine(scenario: scenario, seed: seed)
        engine.kernel.featureNormalsInLanes = featureNormalsInLanes
        var a = Digest()
        for trial in engine.run(trials: 3, threads: 2) { a.add(String(describing: trial)) }
        let h = engine.historyPanel(trial: 1)
        var p = Digest()
        let panel = h.panel
        p.add(String(describing: (panel.customer, panel.period, panel.segment, panel.fit, panel.csm)))
        p.add(String(describing: (panel.arr, panel.churned, panel.expansionARR, panel.contractionARR)))
        p.add(String(describing: (panel.milestone, panel.milestoneReached, panel.contracts)))
        for feature in panel.features { p.add(bits: feature.values) }
        p.add(String(describing: h.latent))
        return (a.state, p.state)
    }

    @Test(arguments: [
        ("latent", 0x0276_D24A_287A_6549 as UInt64, 0x3365_6AB0_F977_E294 as UInt64),
        ("link", 0xC63F_D302_8EB2_81DD, 0xD01F_C260_9386_B024),
        ("everything", 0xC056_8ECD_433D_583E, 0x0441_B578_357A_54EC),
        ("wide", 0xEC24_69BA_7D0B_C14D, 0x578D_72C4_3A41_B2C2),
    ])
    func outputsAreThoseOfBefore(name: String, aggregates: UInt64, panel: UInt64) throws {
        var scenario = TestScenarios.latentDriven(customers: [900, 600], periods: 6)
        switch name {
        case "link":
            scenario.trueLink = TrueLink(intercept: -2.5, coefficients: ["outcome.trend": -0.5, "experience.nps": -0.01])
        case "everything": scenario = Self.everything()
        case "wide": scenario = Self.wide()
        default: break
        }
        // Both ways of drawing the link's feature normals (lanes: builds for a named CPU).
        for inLanes in [false, true] {
            let d = try Self.digest(scenario, seed: 2027, featureNormalsInLanes: inLanes)
            #expect(d.aggregates == aggregates, "\(name), lanes \(inLanes): aggregates 0x\(String(d.aggregates, radix: 16)) changed")
            #expect(d.panel == panel, "\(name), lanes \(inLanes): panel 0x\(String(d.panel, radix: 16)) changed")
        }
    }
}
