import Foundation

/// A JUnit XML report (the format CI systems read: GitHub, GitLab, Jenkins, Buildkite): one `<testsuite>`, one
/// `<testcase>` per scenario; a routing that differs is a `<failure>`, a file that cannot be read an `<error>`.
struct JUnitReport {
    struct Case {
        enum Outcome {
            case passed
            case failed(String)
            case error(String)
        }

        var name: String
        var file: String
        var seconds: Double
        var outcome: Outcome
    }

    var suite: String
    var cases: [Case] = []

    var xml: String {
        let failures = cases.filter { if case .failed = $0.outcome { true } else { false } }.count
        let errors = cases.filter { if case .error = $0.outcome { true } else { false } }.count
        let total = cases.reduce(0) { $0 + $1.seconds }
        var text = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        text += #"<testsuites tests="\#(cases.count)" failures="\#(failures)" errors="\#(errors)" time="\#(Self.seconds(total))">"# + "\n"
        text += #"  <testsuite name="\#(Self.escaped(suite))" tests="\#(cases.count)" failures="\#(failures)" errors="\#(errors)" skipped="0" time="\#(Self.seconds(total))">"# + "\n"
        for item in cases {
            let head = #"    <testcase name="\#(Self.escaped(item.name))" classname="\#(Self.escaped(item.file))" file="\#(Self.escaped(item.file))" time="\#(Self.seconds(item.seconds))""#
            switch item.outcome {
            case .passed:
                text += head + "/>\n"
            case .failed(let message):
                text += head + ">\n" + #"      <failure message="\#(Self.escaped(message))" type="routing">\#(Self.escaped(message))</failure>"# + "\n    </testcase>\n"
            case .error(let message):
                text += head + ">\n" + #"      <error message="\#(Self.escaped(message))" type="invalid_input">\#(Self.escaped(message))</error>"# + "\n    </testcase>\n"
            }
        }
        text += "  </testsuite>\n</testsuites>\n"
        return text
    }

    static func seconds(_ value: Double) -> String { String(format: "%.6f", value) }

    /// Text for an attribute or element: markup characters escaped, and characters XML 1.0 cannot hold (most
    /// control characters) replaced, so any scenario name or error message gives a well-formed file.
    static func escaped(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\n": result += "&#10;"
            case "\t": result += "&#9;"
            default:
                if scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value) {
                    result += "\u{FFFD}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }
}
