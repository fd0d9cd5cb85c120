/// Path arithmetic on plain strings, as `NSString`'s path methods do it, for the code that must not need Foundation
/// (the contracts load in the `gaffer qc` front, which links FoundationEssentials alone).
public enum RelativePath {
    /// Whether `relative` names something inside the folder it is relative to: not absolute, no `..` component.
    public static func staysInside(_ relative: String) -> Bool {
        // Over the bytes, without splitting: views check every artifact path of every attempt on each refresh.
        var utf8 = relative.utf8.makeIterator()
        var componentLength = 0
        var dots = 0
        var first = true
        while let byte = utf8.next() {
            if byte == UInt8(ascii: "/") {
                if first || (componentLength == 2 && dots == 2) { return false }
                componentLength = 0
                dots = 0
            } else {
                componentLength += 1
                if byte == UInt8(ascii: ".") { dots += 1 }
            }
            first = false
        }
        return !(componentLength == 2 && dots == 2)
    }

    /// `folder/relative`, with one slash between them.
    public static func join(_ folder: String, _ relative: String) -> String {
        if folder.isEmpty { return relative }
        if relative.isEmpty { return folder }
        return folder.hasSuffix("/") ? folder + relative : folder + "/" + relative
    }

    /// The folder that holds `path` (`/a/b` → `/a`, `/a` → `/`, `b` → ``), trailing slashes ignored.
    public static func parent(of path: String) -> String {
        let trimmed = trimmingTrailingSlashes(path)
        guard let slash = trimmed.lastIndex(of: "/") else { return path.hasPrefix("/") ? "/" : "" }
        let folder = trimmingTrailingSlashes(String(trimmed[..<slash]))
        return folder.isEmpty && path.hasPrefix("/") ? "/" : folder
    }

    /// The last component of `path` (`/a/b/` → `b`; `/` → `/`).
    public static func lastComponent(of path: String) -> String {
        let trimmed = trimmingTrailingSlashes(path)
        if trimmed.isEmpty { return path.hasPrefix("/") ? "/" : "" }
        return trimmed.lastIndex(of: "/").map { String(trimmed[trimmed.index(after: $0)...]) } ?? trimmed
    }

    private static func trimmingTrailingSlashes(_ path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        return trimmed == "/" ? "" : String(trimmed)
    }
}
