import PostgresNIO

/// The cells of one row, read in order: what a row of a named column list decodes with, cell after cell. Faster
/// than by name (a search of the columns per cell) or a tuple decode of twenty columns (generic at run time).
struct CellReader {
    private var cells: PostgresRow.Iterator
    private var column = 0

    init(_ row: PostgresRow) { cells = row.makeIterator() }

    mutating func next<T: PostgresDecodable>(_ type: T.Type = T.self) throws -> T {
        column += 1
        guard let cell = cells.next() else { throw CellReaderError(column: column) }
        return try cell.decode(T.self, context: .default)
    }
}

/// A row with fewer cells than its reader expects: the query's column list and the decoder disagree.
struct CellReaderError: Error, CustomStringConvertible {
    let column: Int
    var description: String { "the row ended before column \(column)" }
}
