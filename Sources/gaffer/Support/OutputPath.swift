import ArgumentParser
import Foundation

/// Refuses an output path whose folder does not exist, before anything is computed or written.
enum OutputPath {
    static func validate(_ path: String?, option: String) throws {
        guard let path, path != "-" else { return }
        var targetIsFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &targetIsFolder), targetIsFolder.boolValue {
            throw ValidationError("\(option) \(path) is a folder; name a file inside it")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw ValidationError("\(option) \(path): folder \(folder) does not exist; create it first")
        }
    }
}
