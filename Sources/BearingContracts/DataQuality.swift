import BearingPanel

/// `data-quality.json` of `workbench --history`: the checks run on a history before any model
/// (`BearingPanel.PanelQuality`: gaps, customers absent then back, small segments and books,
/// fit changes, rows without a CSM and the ARR they hold).
public enum DataQuality {
    public static let fileName = "data-quality.json"
}
