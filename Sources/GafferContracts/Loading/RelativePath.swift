/// Path arithmetic on plain strings, as `NSString`'s path methods do it, for the code that must not need Foundation
/// (the contracts load in the `gaffer qc` front, which links FoundationEssentials alone).
public enum RelativePath {
    /// Whether `relative` names something inside the folder it is relative to: not absolute, no `..` component.
    public static func staysInside(_ relative: String) -> Bool {
        !relative.hasPrefix("/") && !relative.split(separator: "/", omittingEmptySubsequences: false).contains("..")
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
