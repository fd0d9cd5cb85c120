import Crypto
import Foundation
import GafferContracts
import GafferStore

/// The provider's id for an attempt's job, recorded durably before the first poll (SPEC §13.3): the attempt after a
/// restart finds it and polls, never submits again. One file per attempt key, in the job's `remote/` folder.
struct ProviderJournal: Sendable {
    let folder: String
    let key: String

    /// A stable digest of the key: the file's name and the idempotency key sent with the submit.
    static func digest(_ key: String) -> String {
        SHA256.hash(data: Data(key.utf8)).prefix(16).map { String(format: "%02x", $0) }.joined()
    }

    var path: String { folder + "/http_job-\(Self.digest(key)).json" }

    func recorded() -> String? {
        guard let data = FileManager.default.contents(atPath: path), let entry = try? JSONParser.parse(data) else { return nil }
        return entry["provider_id"]?.stringValue
    }

    func record(_ providerID: String, submitURL: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let entry: JSONValue = ["key": .string(key), "provider_id": .string(providerID), "submit_url": .string(submitURL),
                                "recorded_at": .string(Timestamp.now())]
        try AtomicFile.write(entry.serialized(), to: path)
    }
}
