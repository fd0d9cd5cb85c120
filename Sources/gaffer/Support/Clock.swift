import Foundation

/// Wall-clock timestamps for artifacts, in the RFC 3339 form every schema expects.
enum Clock {
    static func now() -> String {
        Date().formatted(.iso8601.year().month().day().time(includingFractionalSeconds: false).timeZone(separator: .omitted))
    }
}
