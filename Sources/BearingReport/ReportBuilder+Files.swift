extension ReportBuilder {
    static func filesSection(_ inputs: ReportInputs) -> ReportSection {
        var section = ReportSection(id: "files", title: "Inputs")
        if inputs.found.isEmpty {
            section.missing.append("no Bearing outputs were found in \(inputs.source)")
        } else {
            section.blocks.append(
                ReportSection.table("Files read", HTMLTable(header: ["File"], rows: inputs.found.map { [$0] })))
        }
        return section
    }
}
