/// Where a place in a text is for a reader: line and column, both 1-based, the column counted in
/// Unicode scalars (what editors and error messages show).
package enum TextPosition {
    /// The line and column at which the text that follows `scalars` starts.
    package static func lineAndColumn(after scalars: some Sequence<Unicode.Scalar>) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        for scalar in scalars {
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return (line, column)
    }
}
