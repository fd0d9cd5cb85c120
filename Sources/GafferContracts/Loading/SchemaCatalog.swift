import Foundation

/// The compiled validators of every artifact kind, built once from the bundled schemas.
public enum SchemaCatalog {
    /// Validators are compiled on first use; global initialisation is thread-safe in Swift.
    private static let validators: [ArtifactKind: JSONSchemaValidator] = {
        var result: [ArtifactKind: JSONSchemaValidator] = [:]
        for kind in ArtifactKind.allCases {
            guard let text = BundledSchemas.byFileName[kind.schemaFileName] else {
                preconditionFailure("schema \(kind.schemaFileName) is not bundled: run scripts/embed-schemas.py")
            }
            do {
                let schema = try JSONParser.parse(Data(text.utf8))
                result[kind] = try JSONSchemaValidator(schema: schema)
            } catch {
                preconditionFailure("bundled schema \(kind.schemaFileName) does not load: \(error)")
            }
        }
        return result
    }()

    public static func validator(for kind: ArtifactKind) -> JSONSchemaValidator { validators[kind]! }

    /// The bundled text of a schema, for tests that prove it matches `shared/`.
    public static func bundledText(of kind: ArtifactKind) -> String? { BundledSchemas.byFileName[kind.schemaFileName] }
}
