/// Rows of cells printed with each column padded to its widest cell (the last column unpadded).
public struct TextTable: Sendable {
    /// An empty table.
    public init() {}

    private var rows: [[String]] = []

    /// Adds a row.
    public mutating func add(_ cells: [String]) { rows.append(cells) }

    /// The lines, each indented by `indent`.
    public func lines(indent: String = "") -> [String] {
        var widths: [Int] = []
        for row in rows {
            for (index, cell) in row.enumerated() {
                if index == widths.count { widths.append(0) }
                widths[index] = max(widths[index], cell.count)
            }
        }
        return rows.map { row in
            var line = indent
            for (index, cell) in row.enumerated() {
                let last = index == row.count - 1
                line += last ? cell : cell + String(repeating: " ", count: widths[index] - cell.count + 2)
            }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }
    }
}
