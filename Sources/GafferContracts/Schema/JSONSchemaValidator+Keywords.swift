#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Evaluation of the compiled keywords against an instance.
extension JSONSchemaValidator {
    func check(node: Int, instance: JSONValue, path: JSONPointer, into violations: inout [SchemaViolation]) {
        switch nodes[node] {
        case .anything:
            return
        case .nothing:
            violations.append(SchemaViolation(path: path, message: "no value is allowed here"))
        case .reference(let target):
            check(node: target, instance: instance, path: path, into: &violations)
        case .keywords(let keywords):
            check(keywords, instance: instance, path: path, into: &violations)
        }
    }

    func isValid(node: Int, instance: JSONValue, path: JSONPointer) -> Bool {
        var violations: [SchemaViolation] = []
        check(node: node, instance: instance, path: path, into: &violations)
        return violations.isEmpty
    }

    private func check(_ keywords: SchemaKeywords, instance: JSONValue, path: JSONPointer, into violations: inout [SchemaViolation]) {
        func fail(_ message: String) {
            violations.append(SchemaViolation(path: path, message: message))
        }

        // A value of the wrong type is one mistake: report it once, not once per keyword.
        if let types = keywords.types, !types.contains(where: { $0.admits(instance) }) {
            let expected = SchemaMessages.alternatives(types.map(\.rawValue))
            return fail("expected \(expected), got \(SchemaMessages.describe(instance))")
        }
        if let allowed = keywords.enumValues, !allowed.contains(instance) {
            let choices = SchemaMessages.list(allowed.map(SchemaMessages.render))
            fail("\(SchemaMessages.render(instance)) is not one of \(choices)")
        }
        if let constant = keywords.constValue, constant != instance {
            fail("must be \(SchemaMessages.render(constant)), got \(SchemaMessages.render(instance))")
        }

        switch instance {
        case .string(let text):
            checkString(text, keywords, fail: fail)
        case .number(let number):
            checkNumber(number, keywords, fail: fail)
        case .array(let elements):
            checkArray(elements, keywords, path: path, into: &violations)
        case .object(let members):
            checkObject(members, keywords, path: path, into: &violations)
        case .null, .bool:
            break
        }

        checkCombinators(keywords, instance: instance, path: path, into: &violations)
    }

    // MARK: - Strings and numbers

    private func checkString(_ text: String, _ keywords: SchemaKeywords, fail: (String) -> Void) {
        if keywords.minLength != nil || keywords.maxLength != nil {
            let length = text.unicodeScalars.count
            if let minimum = keywords.minLength, length < minimum {
                fail("must be at least \(characters(minimum)) long, got \(length)")
            }
            if let maximum = keywords.maxLength, length > maximum {
                fail("must be at most \(characters(maximum)) long, got \(length)")
            }
        }
        if let pattern = keywords.pattern, !pattern.matches(text) {
            fail("\(SchemaMessages.render(.string(text))) does not match pattern \(pattern.source)")
        }
        if let format = keywords.format, !format.accepts(text) {
            fail("\(SchemaMessages.render(.string(text))) is not a valid \(format.expectation)")
        }
    }

    /// Comparisons are written so that `NaN` fails every bound (`!(x >= limit)`).
    private func checkNumber(_ number: Double, _ keywords: SchemaKeywords, fail: (String) -> Void) {
        let got = SchemaMessages.number(number)
        if let limit = keywords.minimum, !(number >= limit) {
            fail("must be >= \(SchemaMessages.number(limit)), got \(got)")
        }
        if let limit = keywords.exclusiveMinimum, !(number > limit) {
            fail("must be > \(SchemaMessages.number(limit)), got \(got)")
        }
        if let limit = keywords.maximum, !(number <= limit) {
            fail("must be <= \(SchemaMessages.number(limit)), got \(got)")
        }
        if let limit = keywords.exclusiveMaximum, !(number < limit) {
            fail("must be < \(SchemaMessages.number(limit)), got \(got)")
        }
        if let divisor = keywords.multipleOf, !isMultiple(number, of: divisor) {
            fail("must be a multiple of \(SchemaMessages.number(divisor)), got \(got)")
        }
    }

    /// Exact for integers; for decimals, tolerates the rounding of binary floating point
    /// (0.3 is a multiple of 0.1) but nothing larger.
    private func isMultiple(_ number: Double, of divisor: Double) -> Bool {
        guard number.isFinite else { return false }
        if number.isIntegralJSONNumber, divisor.isIntegralJSONNumber {
            return number.truncatingRemainder(dividingBy: divisor) == 0
        }
        let quotient = number / divisor
        guard quotient.isFinite else { return false }
        return abs(quotient - quotient.rounded()) <= max(abs(quotient), 1) * 4 * Double.ulpOfOne
    }

    private func characters(_ count: Int) -> String {
        count == 1 ? "1 character" : "\(count) characters"
    }

    // MARK: - Arrays

    private func checkArray(_ elements: [JSONValue], _ keywords: SchemaKeywords, path: JSONPointer, into violations: inout [SchemaViolation]) {
        if let minimum = keywords.minItems, elements.count < minimum {
            violations.append(SchemaViolation(
                path: path, message: "must have at least \(items(minimum)), got \(elements.count)"))
        }
        if let maximum = keywords.maxItems, elements.count > maximum {
            violations.append(SchemaViolation(
                path: path, message: "must have at most \(items(maximum)), got \(elements.count)"))
        }
        if keywords.uniqueItems {
            var firstIndex: [JSONValue: Int] = [:]
            for (index, element) in elements.enumerated() {
                if let first = firstIndex[element] {
                    violations.append(SchemaViolation(
                        path: path.appending(index), message: "duplicates item \(first); items must be unique"))
                } else {
                    firstIndex[element] = index
                }
            }
        }

        switch keywords.items {
        case .all(let node):
            for (index, element) in elements.enumerated() {
                check(node: node, instance: element, path: path.appending(index), into: &violations)
            }
        case .tuple(let nodes):
            for (index, element) in elements.enumerated() {
                if index < nodes.count {
                    check(node: nodes[index], instance: element, path: path.appending(index), into: &violations)
                } else if let additional = keywords.additionalItems {
                    if case .nothing = self.nodes[additional] {
                        violations.append(SchemaViolation(
                            path: path.appending(index),
                            message: "unexpected item: at most \(items(nodes.count)) allowed"))
                    } else {
                        check(node: additional, instance: element, path: path.appending(index), into: &violations)
                    }
                }
            }
        case nil:
            break
        }

        if let contained = keywords.contains,
            !elements.indices.contains(where: { isValid(node: contained, instance: elements[$0], path: path.appending($0)) })
        {
            violations.append(SchemaViolation(
                path: path, message: "must contain at least one item matching the \"contains\" schema"))
        }
    }

    private func items(_ count: Int) -> String {
        count == 1 ? "1 item" : "\(count) items"
    }

    // MARK: - Objects

    private func checkObject(_ members: [String: JSONValue], _ keywords: SchemaKeywords, path: JSONPointer, into violations: inout [SchemaViolation]) {
        for name in keywords.required where members[name] == nil {
            violations.append(SchemaViolation(
                path: path, message: "is missing required property \(SchemaMessages.render(.string(name)))"))
        }
        if let minimum = keywords.minProperties, members.count < minimum {
            violations.append(SchemaViolation(
                path: path, message: "must have at least \(properties(minimum)), got \(members.count)"))
        }
        if let maximum = keywords.maxProperties, members.count > maximum {
            violations.append(SchemaViolation(
                path: path, message: "must have at most \(properties(maximum)), got \(members.count)"))
        }
        for dependency in keywords.dependencies where members[dependency.trigger] != nil {
            switch dependency.requirement {
            case .properties(let names):
                for name in names where members[name] == nil {
                    let missing = SchemaMessages.render(.string(name))
                    let trigger = SchemaMessages.render(.string(dependency.trigger))
                    violations.append(SchemaViolation(
                        path: path, message: "is missing property \(missing), required when \(trigger) is present"))
                }
            case .schema(let node):
                check(node: node, instance: .object(members), path: path, into: &violations)
            }
        }

        let keys = members.keys.sorted(by: JSONValue.codePointOrder)
        if let namesNode = keywords.propertyNames {
            for key in keys {
                var nameViolations: [SchemaViolation] = []
                check(node: namesNode, instance: .string(key), path: path.appending(key), into: &nameViolations)
                violations += nameViolations.map {
                    SchemaViolation(path: $0.path, message: "invalid property name: \($0.message)")
                }
            }
        }

        for key in keys {
            guard let value = members[key] else { continue }
            let memberPath = path.appending(key)
            var declared = false
            if let node = keywords.properties[key] {
                declared = true
                check(node: node, instance: value, path: memberPath, into: &violations)
            }
            for patternProperty in keywords.patternProperties where patternProperty.pattern.matches(key) {
                declared = true
                check(node: patternProperty.node, instance: value, path: memberPath, into: &violations)
            }
            guard !declared, let additional = keywords.additionalProperties else { continue }
            if case .nothing = nodes[additional] {
                violations.append(SchemaViolation(
                    path: memberPath, message: unexpectedPropertyMessage(key, members: members, keywords: keywords)))
            } else {
                check(node: additional, instance: value, path: memberPath, into: &violations)
            }
        }
    }

    /// "unexpected property", with the likely intended name when the key looks like a typo of a
    /// declared property that is absent, or else the declared names when there are only those.
    private func unexpectedPropertyMessage(_ key: String, members: [String: JSONValue], keywords: SchemaKeywords) -> String {
        let absent = keywords.properties.keys.filter { members[$0] == nil }
        if let intended = SchemaMessages.closestName(to: key, among: absent) {
            return "unexpected property; did you mean \(SchemaMessages.render(.string(intended)))?"
        }
        guard !keywords.properties.isEmpty, keywords.patternProperties.isEmpty else { return "unexpected property" }
        let allowed = keywords.properties.keys.sorted(by: JSONValue.codePointOrder)
        return "unexpected property (allowed: \(SchemaMessages.list(allowed)))"
    }

    private func properties(_ count: Int) -> String {
        count == 1 ? "1 property" : "\(count) properties"
    }
}
