import BearingComp
import Foundation
import Testing

/// Plans decode from JSON here (the same `Decodable` path YAML takes through BearingFiles);
/// every range error must name its key. (Unknown keys are the strict config decoder's job:
/// see CompCommandTests.)
@Suite struct PlanDecodingTests {
    static let valid = """
        {
          "name": "Expansion quota 70/30",
          "role": "CSM",
          "ote": 120000,
          "split": "70/30",
          "payment_period": "quarterly",
          "components": [
            {"metric": "expansion_arr", "weight": 0.6, "target": 30000, "threshold": 0.5,
             "tiers": {"mode": "marginal", "rates": [{"from": 0, "rate": 0.8}, {"from": 1.0, "rate": 1.5}]},
             "cap": 2.0},
            {"metric": "grr", "weight": 0.3, "target": 0.92},
            {"metric": "ces", "weight": 0.1, "target": 3.0, "better": "lower", "feature": "experience.effort"}
          ],
          "revenue_share": {"sales": 0.75, "csm": 0.25, "commission_rate": 0.08},
          "clawback": {"days": 90}
        }
        """

    static func decode(_ text: String) throws -> CompensationPlan {
        try JSONDecoder().decode(CompensationPlan.self, from: Data(text.utf8))
    }

    @Test func decodesEveryField() throws {
        let p = try Self.decode(Self.valid)
        #expect(p.name == "Expansion quota 70/30")
        #expect(abs(p.split.base - 0.7) < 1e-12 && abs(p.split.variable - 0.3) < 1e-12)
        #expect(p.paymentPeriod == .quarterly)
        #expect(p.components.count == 3)
        #expect(p.components[0].tiers.mode == .marginal)
        #expect(p.components[0].tiers.rates == [PayoutTier(from: 0, rate: 0.8), PayoutTier(from: 1, rate: 1.5)])
        #expect(p.components[0].cap == 2)
        #expect(p.components[0].threshold == 0.5)
        #expect(p.components[1].tiers == .linear)
        #expect(p.components[2].better == .lower)
        #expect(p.components[2].featureName == "experience.effort")
        #expect(p.revenueShare == RevenueShare(sales: 0.75, csm: 0.25, commissionRate: 0.08))
        #expect(p.clawback == Clawback(days: 90, fraction: 1))
        let mapping = try Self.decode(
            Self.valid.replacingOccurrences(of: "\"70/30\"", with: "{\"base\": 0.7, \"variable\": 0.3}"))
        #expect(mapping.split == p.split)
    }

    /// Each broken file must fail with a path that ends in the named key and a message naming it.
    @Test(arguments: [
        ("\"weight\": 0.3,", "\"weight\": 0.4,", "components", "weights must sum to 1"),
        ("\"clawback\": {\"days\": 90}", "\"clawback\": {\"days\": 0}", "days", "'days'"),
        ("\"threshold\": 0.5,", "\"threshold\": -0.5,", "threshold", "'threshold'"),
        ("\"cap\": 2.0", "\"cap\": 0", "cap", "'cap'"),
        ("\"mode\": \"marginal\", ", "", "mode", "'tier'"),
        ("{\"from\": 0, \"rate\": 0.8}, ", "", "rates", "attainment 0"),
        ("\"csm\": 0.25", "\"csm\": 0.35", "csm", "'sales'"),
        ("\"70/30\"", "\"70/20\"", "split", "\"80/20\""),
        ("\"payment_period\": \"quarterly\",", "\"payment_period\": \"monthly\",", "payment_period", "'quarterly', 'annual'"),
        ("\"target\": 0.92", "\"target\": 0", "target", "'target'"),
        ("\"metric\": \"grr\"", "\"metric\": \"gross\"", "metric", "renewal_rate"),
    ])
    func rangeErrorsNameTheKey(find: String, replace: String, key: String, message: String) throws {
        let broken = Self.valid.replacingOccurrences(of: find, with: replace)
        #expect(broken != Self.valid, "fixture edit did not apply: \(find)")
        do {
            _ = try Self.decode(broken)
            Issue.record("decoded a plan with a bad '\(key)'")
        } catch let DecodingError.dataCorrupted(context) {
            #expect(context.codingPath.last?.stringValue == key, "path \(context.codingPath.map(\.stringValue))")
            #expect(context.debugDescription.contains(message), "\(context.debugDescription)")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            Issue.record("expected dataCorrupted, got a type error at \(context.codingPath.map(\.stringValue))")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}
