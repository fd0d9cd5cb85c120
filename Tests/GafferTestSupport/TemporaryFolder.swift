import Foundation
import GafferContracts

/// A fresh, uniquely named folder under the system's temp directory, removed when the value goes away.
///
/// Tests write their inputs here, point `gaffer` at them, and inspect what it left behind.
public final class TemporaryFolder: Sendable {
    /// The folder's absolute path.
    public let root: String

    /// Creates the folder. `label` only makes the name easier to recognise in `/tmp`.
    public init(_ label: String = "test") throws {
        let safe = String(label.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "-" }.prefix(40))
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("gaffer-\(safe)-\(UUID().uuidString.prefix(8))", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        root = url.standardizedFileURL.path
    }

    deinit { remove() }

    /// The absolute path of `name` inside the folder (which need not exist).
    public func path(_ name: String) -> String { (root as NSString).appendingPathComponent(name) }

    /// Writes `text` (UTF-8) to `name`, creating intermediate folders; returns the absolute path.
    @discardableResult
    public func write(_ name: String, _ text: String) throws -> String {
        try write(name, data: Data(text.utf8))
    }

    /// Writes `data` to `name`, creating intermediate folders; returns the absolute path.
    @discardableResult
    public func write(_ name: String, data: Data) throws -> String {
        let target = path(name)
        try FileManager.default.createDirectory(
            atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: target))
        return target
    }

    /// Copies a file (e.g. a shipped one, by absolute path) to `name`; returns the new absolute path.
    @discardableResult
    public func copy(_ source: String, to name: String) throws -> String {
        try write(name, data: Data(contentsOf: URL(fileURLWithPath: source)))
    }

    /// The text of `name`.
    public func read(_ name: String) throws -> String {
        String(decoding: try Data(contentsOf: URL(fileURLWithPath: path(name))), as: UTF8.self)
    }

    public func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: path(name)) }

    /// Every entry directly in the folder (or in `subfolder`), hidden ones included, sorted.
    public func entries(in subfolder: String = "") -> [String] {
        let folder = subfolder.isEmpty ? root : path(subfolder)
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    /// Removes the folder and everything in it. Safe to call more than once.
    public func remove() {
        try? FileManager.default.removeItem(atPath: root)
    }
}

extension TemporaryFolder {
    /// Writes `value` as pretty JSON to `name`; returns the absolute path.
    @discardableResult
    public func write(_ name: String, json value: JSONValue) throws -> String {
        try write(name, data: value.serialized(pretty: true, sortedKeys: true))
    }

    /// Parses the JSON file `name`.
    public func readJSON(_ name: String) throws -> JSONValue {
        try JSONValue.read(path(name))
    }
}
