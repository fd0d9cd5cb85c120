#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The scores a QC run reads, from either metrics shape Gaffer accepts:
/// a `production_metrics.v1` file (`quality_metrics`) or the original's `recast_quality_report.v1`
/// (`{"metrics": {"<name>": {"score": n}}}`).
public struct MetricsDocument: Hashable, Sendable {
    /// Several sources merged in order (SPEC §3.2): a later file's score wins a name; the first production metrics
    /// document gives the ids.
    public static func merged(_ documents: [MetricsDocument]) -> MetricsDocument? {
        guard var result = documents.first else { return nil }
        for document in documents.dropFirst() {
            result.qualityMetrics.merge(document.qualityMetrics) { _, later in later }
            if result.productionMetrics == nil { result.productionMetrics = document.productionMetrics }
        }
        return result
    }

    public var kind: ArtifactKind
    /// Metric name → the raw reading (number, bool, or something invalid the gates will mark UNKNOWN).
    public var qualityMetrics: [String: JSONValue]
    /// Present only for `production_metrics.v1`.
    public var productionMetrics: ProductionMetrics?

    public static func load(_ data: Data, source: String) throws(ContractError) -> MetricsDocument {
        let value = try ContractDecoder.parse(data, source: source)
        switch ArtifactKind.detect(value, fileName: RelativePath.lastComponent(of: source)) {
        case .productionMetrics?:
            try ContractDecoder.validate(value, as: .productionMetrics, source: source)
            let metrics = try ContractDecoder.decode(ProductionMetrics.self, from: value, source: source)
            // Read scores from the parsed value, not the decoded copy: NaN must stay NaN (invalid), not become null.
            return MetricsDocument(
                kind: .productionMetrics, qualityMetrics: value["quality_metrics"]?.objectValue ?? [:],
                productionMetrics: metrics)
        case .recastQualityReport?:
            try ContractDecoder.validate(value, as: .recastQualityReport, source: source)
            var scores: [String: JSONValue] = [:]
            for (name, entry) in value["metrics"]?.objectValue ?? [:] {
                // The original: an entry that is not an object is missing; one without a numeric score is invalid.
                guard case .object(let fields) = entry else { continue }
                scores[name] = fields["score"] ?? .null
            }
            return MetricsDocument(kind: .recastQualityReport, qualityMetrics: scores, productionMetrics: nil)
        case .costumeFidelity?:
            try ContractDecoder.validate(value, as: .costumeFidelity, source: source)
            let passed = value["pass"]?.boolValue == true
            return MetricsDocument(kind: .costumeFidelity, qualityMetrics: ["costume_fidelity": .number(passed ? 1 : 0)], productionMetrics: nil)
        default:
            throw .violations(source: source, [SchemaViolation(
                path: JSONPointer.root,
                message: "not a metrics document: expected production_metrics.v1 (version \"1.0\" with visual_metrics), "
                    + "recast_quality_report.v1 (a \"metrics\" object) or costume_fidelity.v1 (a \"pass\" flag)")])
        }
    }
}
