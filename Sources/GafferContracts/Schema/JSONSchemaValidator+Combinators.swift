#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `allOf`, `anyOf`, `oneOf`, `not` and `if`/`then`/`else`.
///
/// `allOf` reports every violation of every branch. `anyOf` and `oneOf` report one summary
/// line, since listing why each alternative failed buries the useful one: the line names the
/// closest alternative and its first violation, or merges the expected types when every
/// alternative rejected the value's type outright.
extension JSONSchemaValidator {
    func checkCombinators(_ keywords: SchemaKeywords, instance: JSONValue, path: JSONPointer, into violations: inout [SchemaViolation]) {
        for node in keywords.allOf ?? [] {
            check(node: node, instance: instance, path: path, into: &violations)
        }

        if let branches = keywords.anyOf {
            var failures: [BranchFailure] = []
            for (position, node) in branches.enumerated() {
                var branchViolations: [SchemaViolation] = []
                check(node: node, instance: instance, path: path, into: &branchViolations)
                if branchViolations.isEmpty {
                    failures.removeAll()
                    break
                }
                failures.append(BranchFailure(position: position, node: node, violations: branchViolations))
            }
            if failures.count == branches.count {
                violations.append(noneMatched("anyOf", failures, instance: instance, path: path))
            }
        }

        if let branches = keywords.oneOf {
            var failures: [BranchFailure] = []
            var matches: [Int] = []
            for (position, node) in branches.enumerated() {
                var branchViolations: [SchemaViolation] = []
                check(node: node, instance: instance, path: path, into: &branchViolations)
                if branchViolations.isEmpty {
                    matches.append(position)
                } else {
                    failures.append(BranchFailure(position: position, node: node, violations: branchViolations))
                }
            }
            if matches.isEmpty {
                violations.append(noneMatched("oneOf", failures, instance: instance, path: path))
            } else if matches.count > 1 {
                let names = SchemaMessages.alternatives(matches.map { "oneOf[\($0)]" }, conjunction: "and")
                let verb = matches.count == 2 ? "both match" : "all match"
                violations.append(SchemaViolation(
                    path: path, message: "matches more than one of the allowed shapes (oneOf): \(names) \(verb)"))
            }
        }

        if let node = keywords.not, isValid(node: node, instance: instance, path: path) {
            violations.append(SchemaViolation(path: path, message: "must not match the schema in \"not\""))
        }

        if let condition = keywords.ifSchema {
            let branch = isValid(node: condition, instance: instance, path: path)
                ? keywords.thenSchema : keywords.elseSchema
            if let branch {
                check(node: branch, instance: instance, path: path, into: &violations)
            }
        }
    }

    /// Why one alternative of `anyOf`/`oneOf` failed.
    private struct BranchFailure {
        let position: Int
        let node: Int
        let violations: [SchemaViolation]
    }

    private func noneMatched(_ keyword: String, _ failures: [BranchFailure], instance: JSONValue, path: JSONPointer) -> SchemaViolation {
        let summary = "matches none of the allowed shapes (\(keyword))"
        let rejectedTypes = failures.map { rejectedTypeNames(node: $0.node, instance: instance) }
        if rejectedTypes.allSatisfy({ $0 != nil }) {
            var expected: [String] = []
            for name in rejectedTypes.compactMap({ $0 }).joined() where !expected.contains(name.rawValue) {
                expected.append(name.rawValue)
            }
            return SchemaViolation(
                path: path,
                message: "\(summary): expected \(SchemaMessages.alternatives(expected)), "
                    + "got \(SchemaMessages.describe(instance))")
        }

        // Closest: an alternative of the right type, then the fewest violations, then the first.
        let ranked = zip(failures, rejectedTypes).min { lhs, rhs in
            let left = (lhs.1 == nil ? 0 : 1, lhs.0.violations.count, lhs.0.position)
            let right = (rhs.1 == nil ? 0 : 1, rhs.0.violations.count, rhs.0.position)
            return left < right
        }
        guard let closest = ranked?.0, let first = closest.violations.first else {
            return SchemaViolation(path: path, message: summary)
        }
        let location = first.path == path ? "" : "\(first.path.displayString): "
        let more = closest.violations.count > 1 ? " (and \(closest.violations.count - 1) more)" : ""
        return SchemaViolation(
            path: path,
            message: "\(summary); closest is \(keyword)[\(closest.position)]: \(location)\(first.message)\(more)")
    }

    /// The types a schema declares when it rejects `instance` for its type alone; `nil` when the
    /// schema accepts the type (or declares none), so any failure is about the content.
    private func rejectedTypeNames(node: Int, instance: JSONValue) -> [JSONTypeName]? {
        var current = node
        var hops = 0
        while case .reference(let target) = nodes[current], hops < nodes.count {
            current = target
            hops += 1
        }
        guard case .keywords(let keywords) = nodes[current], let types = keywords.types,
            !types.contains(where: { $0.admits(instance) })
        else { return nil }
        return types
    }
}
