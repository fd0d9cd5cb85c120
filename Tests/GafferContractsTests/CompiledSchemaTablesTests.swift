import Foundation
import GafferTestSupport
import Testing

@testable import GafferContracts

/// The generated node tables (`CompiledSchemas`) are the schema compiler's output for the bundled schemas, so
/// validating from a table is validating with the schema. `GAFFER_WRITE_COMPILED_SCHEMAS=1` rewrites the file instead
/// of comparing (scripts/embed-schemas.py does that after it embeds the schemas).
@Suite("compiled schema tables")
struct CompiledSchemaTablesTests {
    static let generatedPath = RepositoryPaths.path("Sources/GafferContracts/Loading/CompiledSchemas.swift")
    static let kinds = ShippedFilesTests.kinds

    static func bundledSchemas() throws -> [(fileName: String, text: String)] {
        try ArtifactKind.allCases.map { kind in
            (kind.schemaFileName, try #require(SchemaCatalog.bundledText(of: kind), "\(kind.schemaFileName) is not bundled"))
        }
    }

    @Test func theGeneratedFileIsWhatTheCompilerWritesToday() throws {
        let rendered = try CompiledSchemaSource.render(Self.bundledSchemas())
        if ProcessInfo.processInfo.environment["GAFFER_WRITE_COMPILED_SCHEMAS"] == "1" {
            try rendered.write(toFile: Self.generatedPath, atomically: true, encoding: .utf8)
            return
        }
        let committed = try String(contentsOfFile: Self.generatedPath, encoding: .utf8)
        guard committed != rendered else { return }
        let (old, new) = (committed.split(separator: "\n", omittingEmptySubsequences: false), rendered.split(separator: "\n", omittingEmptySubsequences: false))
        let line = zip(old, new).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(old.count, new.count)
        Issue.record("""
            CompiledSchemas.swift is stale from line \(line + 1): run python3 scripts/embed-schemas.py
              committed: \(line < old.count ? String(old[line].prefix(160)) : "(end of file)")
              compiler:  \(line < new.count ? String(new[line].prefix(160)) : "(end of file)")
            """)
    }

    /// Catches a table that renders but reads back differently (an escape, a number, a field the renderer skips).
    @Test(arguments: kinds)
    func eachTableEqualsTheCompiledSchema(_ kind: ShippedFilesTests.Kind) throws {
        let text = try #require(SchemaCatalog.bundledText(of: kind.kind))
        let compiled = try JSONSchemaValidator(schema: try JSONParser.parse(Data(text.utf8))).nodes
        let table = try #require(CompiledSchemas.nodes(forSchemaFile: kind.kind.schemaFileName),
                                 "\(kind.kind.schemaFileName) has no generated table: run python3 scripts/embed-schemas.py")
        #expect(table.count == compiled.count)
        for (index, (fromTable, fromCompiler)) in zip(table, compiled).enumerated() where fromTable != fromCompiler {
            Issue.record("\(kind.kind.schemaFileName) node \(index): the table has \(fromTable), the compiler \(fromCompiler)")
        }
        #expect(SchemaCatalog.validator(for: kind.kind).nodes == compiled, "the catalog validates \(kind.kind.rawValue) from the table")
    }

    /// The renderer's string escapes and numbers read back as written.
    @Test func awkwardValuesSurviveTheTable() throws {
        let schema = try JSONValue.parse(#"""
            {"enum": ["quote \" back \\ tab \t nl \n é ☃ \u0001", 1e-7, -2.5, 1e21, 0, true, null, [], {}, {"a": [1]}],
             "pattern": "^a\\.b$", "properties": {"ü": {"const": 3.25}}}
            """#)
        let nodes = try JSONSchemaValidator(schema: schema).nodes
        let rendered = nodes.map(CompiledSchemaSource.render)
        #expect(rendered[0].contains(#""quote \" back \\ tab \t nl \n \u{e9} \u{2603} \u{1}""#))
        #expect(rendered[0].contains(".number(1e-07)") && rendered[0].contains(".number(1e+21)"))
        #expect(rendered[0].contains(#"SchemaPattern.bundled("^a\\.b$")"#))
        #expect(rendered[0].contains(#"properties: ["\u{fc}": 1]"#))
    }
}
