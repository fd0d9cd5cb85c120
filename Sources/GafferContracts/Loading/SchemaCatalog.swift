#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Synchronization

/// The compiled validators of the artifact kinds, each built once from its bundled schema.
public enum SchemaCatalog {
    /// Each kind's validator is compiled on its first use, and only that kind's: a command that reads a policy and a
    /// metrics file compiles two schemas, not all of them (a short-lived `gaffer qc` pays for what it reads).
    private static let compiled = Mutex<[ArtifactKind: JSONSchemaValidator]>([:])

    public static func validator(for kind: ArtifactKind) -> JSONSchemaValidator {
        if let ready = compiled.withLock({ $0[kind] }) { return ready }
        // Compiled outside the lock: two threads may both compile a kind once; the first stored wins.
        let validator = compile(kind)
        return compiled.withLock { cache in
            if let ready = cache[kind] { return ready }
            cache[kind] = validator
            return validator
        }
    }

    private static func compile(_ kind: ArtifactKind) -> JSONSchemaValidator {
        // The tables generated from the compiler's output need no parse and no compile (about a millisecond of a
        // `gaffer qc` call, bench/qc.sh); a test proves each equals what the compiler makes of the bundled text.
        if let nodes = CompiledSchemas.nodes(forSchemaFile: kind.schemaFileName) {
            return JSONSchemaValidator(compiledNodes: nodes)
        }
        guard let text = BundledSchemas.byFileName[kind.schemaFileName] else {
            preconditionFailure("schema \(kind.schemaFileName) is not bundled: run scripts/embed-schemas.py")
        }
        do {
            return try JSONSchemaValidator(schema: try JSONParser.parse(Data(text.utf8)))
        } catch {
            preconditionFailure("bundled schema \(kind.schemaFileName) does not load: \(error)")
        }
    }

    /// The bundled text of a schema, for tests that prove it matches `shared/`.
    public static func bundledText(of kind: ArtifactKind) -> String? { BundledSchemas.byFileName[kind.schemaFileName] }
}
