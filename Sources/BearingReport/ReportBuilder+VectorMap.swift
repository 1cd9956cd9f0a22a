extension ReportBuilder {
    static func vectorMapSection(_ inputs: ReportInputs) -> ReportSection {
        var section = ReportSection(
            id: "vector-map", title: "Vector map",
            intro:
                "Where customers sit on their Success Vector: direction (heading toward the required outcome, right, or away from it, left) and magnitude (the strength of the experience carrying them, up). Darker hexagons hold more customers; the lines are the category thresholds of the weights; an arrow is the average move of a hexagon's customers since the period before."
        )
        guard let map = inputs.vectorMap, !map.points.isEmpty else {
            section.missing.append(
                inputs.problems["vector"] ?? "no scores found: run `bearing score HISTORY --out DIR/score/scores.csv` (the map needs scores.csv)")
            return section
        }
        // The thresholds the scores were made with: scores.summary.json records its weights in full.
        let thresholds = inputs.scores?.weights.thresholds ?? inputs.weights?.thresholds
        let chart = VectorMapChart(
            title: "Vector map, \(map.period)", points: map.points, thresholds: thresholds, previousPeriod: map.previousPeriod)
        var caption =
            "All \(ReportFormat.count(map.points.count)) customers scored in \(map.period), binned into hexagons (hover one for its customers by category)."
        if let t = thresholds {
            caption +=
                " Negative: direction below \(ReportFormat.number(t.negativeDirection, decimals: 2)); positive: direction above \(ReportFormat.number(t.positiveDirection, decimals: 2)) with magnitude at least \(ReportFormat.number(t.positiveMagnitude, decimals: 2)); neutral otherwise. Ghost is decided by engagement, wherever the customer sits."
        } else {
            caption += " No weights found, so the category thresholds are not drawn."
        }
        if let previous = map.previousPeriod {
            caption += " Arrows: average move since \(previous) of hexagons with at least \(chart.arrowMinimum) customers scored in both periods."
        }
        section.blocks.append(ReportSection.figure("Where customers are heading, \(map.period)", svg: chart.svg(), caption: caption))
        let present = categories.filter { map.categoryCounts[$0] != nil }
        let order = present + Set(map.categoryCounts.keys).subtracting(categories).sorted()
        let total = max(1, map.categoryCounts.values.reduce(0, +))
        let rows = order.map { c in
            [c, ReportFormat.count(map.categoryCounts[c] ?? 0), ReportFormat.percent(Double(map.categoryCounts[c] ?? 0) / Double(total))]
        }
        section.blocks.append(
            ReportSection.table(
                "Customers by vector category, \(map.period)",
                HTMLTable(header: ["Category", "Customers", "Share"], rows: rows, numericColumns: [1, 2])))
        return section
    }
}
