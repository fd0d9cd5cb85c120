import Foundation

/// Where the repository and the built `gaffer` binary are, for tests that read shipped files or run the CLI.
public enum RepositoryPaths {
    /// The package root, found from this source file's location (tests run from anywhere).
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    /// The original system's own files (`../shared/reference/original-files`, beside the checkout): read by the
    /// compatibility tests from there, never copied into the project.
    public static let originalFiles: String = root.deletingLastPathComponent().appendingPathComponent("shared/reference/original-files").path

    /// Every `*.json` file under the given repository folders, sorted.
    public static func jsonFiles(in folders: [String]) -> [String] {
        folders.flatMap { folder -> [String] in
            let base = path(folder)
            return (FileManager.default.subpaths(atPath: base) ?? [])
                .filter { $0.hasSuffix(".json") }
                .map { (base as NSString).appendingPathComponent($0) }
        }.sorted()
    }
}
