import BearingMetrics
import BearingPanel
import BearingRandom

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Simulates customers one at a time through every period. Every draw comes from a stream keyed
/// by (seed, trial, customer, period, purpose), so a customer's path depends on nothing else.
struct CustomerKernel {
    let model: CompiledScenario
    let seed: UInt64
    /// Sends every customer through the `AnyCustomers` kernel (tests: it must draw what the
    /// `StartingCustomers` kernel draws).
    var fullKernelOnly = false
    /// Draws the true link's feature normals eight customers at a time (`CustomerLanes`) rather
    /// than one customer at a time: the same draws either way (tests run both).
    var featureNormalsInLanes = CustomerLanes.featureNormalsInLanesByDefault

    /// Latent skill of every CSM in one trial.
    func csmSkills(trial: Int) -> [Float] {
        var skills = [Float](repeating: 0, count: model.csmCount)
        for segment in model.segments {
            for j in segment.firstCSM..<(segment.firstCSM + segment.csms) {
                var rng = RandomStream(
                    key: StreamKey(
                        seed: seed, trial: UInt32(truncatingIfNeeded: trial), customer: UInt32(truncatingIfNeeded: j), period: 0,
                        purpose: DrawPurpose.csmSkill.rawValue))
                skills[j] = Float(segment.skillSD * rng.nextNormalDouble())
            }
        }
        return skills
    }

    /// Simulates customers `range` of `trial` (starting customers, then the new logos of
    /// `plan`), adding the starting customers' windows to `tallies` (index
    /// `segment * 5 + cohort`), everybody's events to `counts` and the new logos to `acquisitions`.
    /// `scratch` holds at least `2 * featureCount` floats: standardised values, then observed values.
    func simulate<R: RowRecorder>(
        trial: Int, customers range: Range<Int>, plan: NewLogoPlan, skills: [Float],
        tallies: inout [RetentionTally], counts: inout SimulationCounts, acquisitions: inout AcquisitionCohorts,
        scratch: UnsafeMutableBufferPointer<Float>, recorder: inout R
    ) {
        let periods = model.periodCount
        let tally = UnsafeMutableBufferPointer<Int>.allocate(capacity: Counter.rows * periods)
        tally.initialize(repeating: 0)
        // One dynamics stream per period of the current customer, copied from `CustomerLanes`, which
        // keys eight customers at a time in SIMD lanes.
        let streams = UnsafeMutableBufferPointer<RandomStream>.allocate(capacity: periods)
        let cohorts = AcquisitionCohorts.Scratch(
            periods: acquisitions.periods, segments: acquisitions.periods > 0 ? acquisitions.segments : 0)
        var lanes = CustomerLanes(periods: periods, model: model)
        defer {
            tally.deallocate()
            streams.deallocate()
            cohorts.deallocate()
            lanes.deallocate()
        }
        model.loadDirection.withUnsafeBufferPointer { loadD in
            model.loadExperience.withUnsafeBufferPointer { loadE in
                model.loadDark.withUnsafeBufferPointer { loadK in
                    model.featureNoise.withUnsafeBufferPointer { noiseF in
                        model.linkBeta.withUnsafeBufferPointer { beta in
                            model.churnShock.withUnsafeBufferPointer { churnShock in
                                model.contractionShock.withUnsafeBufferPointer { contractionShock in
                                    model.darkShock.withUnsafeBufferPointer { darkShock in
                                        model.reachShock.withUnsafeBufferPointer { reachShock in
                                            model.milestones.withUnsafeBufferPointer { milestones in
                                                model.contracts.withUnsafeBufferPointer { contracts in
                                                    skills.withUnsafeBufferPointer { skills in
                                                        let tables = Tables(
                                                            loadD: loadD, loadE: loadE, loadK: loadK, noiseF: noiseF, beta: beta,
                                                            churnShock: churnShock,
                                                            contractionShock: contractionShock, darkShock: darkShock, reachShock: reachShock,
                                                            milestones: milestones, contracts: contracts, skills: skills)
                                                        // Starting customers of segments without contracts follow the per-period model:
                                                        // the `StartingCustomers` kernel, without any contract or new-logo logic (customers
                                                        // are contiguous by segment). Contract segments and new logos take `AnyCustomers`.
                                                        // Both draw the same for a customer the first can simulate, so the split changes no output.
                                                        var c = range.lowerBound
                                                        while c < range.upperBound {
                                                            var end = range.upperBound
                                                            var plain = false
                                                            if c < plan.startCustomers {
                                                                let segment = model.segments[model.segmentIndex(ofCustomer: c)]
                                                                end = min(end, segment.firstCustomer + segment.customers)
                                                                plain = segment.contractCount == 0 && !fullKernelOnly
                                                            }
                                                            if plain {
                                                                simulateBook(
                                                                    StartingCustomers.self, trial: trial, range: c..<end, plan: plan,
                                                                    tallies: &tallies,
                                                                    cohorts: cohorts, tally: tally, streams: streams, lanes: &lanes, scratch: scratch,
                                                                    recorder: &recorder, tables: tables)
                                                            } else {
                                                                simulateBook(
                                                                    AnyCustomers.self, trial: trial, range: c..<end, plan: plan, tallies: &tallies,
                                                                    cohorts: cohorts, tally: tally, streams: streams, lanes: &lanes, scratch: scratch,
                                                                    recorder: &recorder, tables: tables)
                                                            }
                                                            c = end
                                                        }
                                                    }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        acquisitions.add(cohorts)
        var block = SimulationCounts(periods: periods)
        for p in 0..<periods {
            block.atRisk[p] = tally[Counter.atRisk * periods + p]
            block.churned[p] = tally[Counter.churned * periods + p]
            block.dark[p] = tally[Counter.dark * periods + p]
            block.contracted[p] = tally[Counter.contracted * periods + p]
            block.milestonePending[p] = tally[Counter.pending * periods + p]
            block.milestonesReached[p] = tally[Counter.reached * periods + p]
            block.upsellsTaken[p] = tally[Counter.taken * periods + p]
            block.newLogos[p] = tally[Counter.newLogos * periods + p]
            block.renewals[p] = tally[Counter.renewals * periods + p]
        }
        counts.merge(block)
    }

    /// The features stream of a customer-period. Its draws, in this order: one normal per
    /// feature, then (panel only) one uniform per feature with a missing rate; when no panel
    /// is recorded only the link's normals are drawn (`CustomerLanes`).
    @inline(__always)
    func featureStream(trial: UInt32, customer: UInt32, period p: Int) -> RandomStream {
        RandomStream(
            seed: seed, trial: trial, customer: customer, period: UInt32(truncatingIfNeeded: p),
            purpose: DrawPurpose.features.rawValue)
    }

    /// `x^k` for `k ≥ 0`: by multiplication when `k` is whole (terms that are whole numbers of
    /// periods, the usual case), else `powf`.
    @inline(__always)
    static func power(_ x: Float, _ k: Float) -> Float {
        guard k == k.rounded(.towardZero), k <= 64 else { return powf(x, k) }
        var result: Float = 1
        var n = Int(k)
        while n > 0 {
            result *= x
            n -= 1
        }
        return result
    }

    /// Rows of the per-period counter block.
    enum Counter {
        static let atRisk = 0, churned = 1, dark = 2, contracted = 3, pending = 4, reached = 5, taken = 6
        static let newLogos = 7, renewals = 8
        static let rows = 9
    }

    /// The model's arrays as buffers, valid for one `simulate` call.
    struct Tables {
        var loadD, loadE, loadK, noiseF, beta: UnsafeBufferPointer<Float>
        var churnShock, contractionShock, darkShock, reachShock: UnsafeBufferPointer<Float>
        var milestones: UnsafeBufferPointer<CompiledScenario.Milestone>
        var contracts: UnsafeBufferPointer<CompiledContract>
        var skills: UnsafeBufferPointer<Float>
    }
}
