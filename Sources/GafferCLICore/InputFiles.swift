#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import GafferContracts

/// Reading the documents a command was given. Every fault names the file as the operator typed it.
public enum InputFiles {
    public static func read(_ path: String) throws(ContractError) -> Data {
        switch FileBytes.contents(of: path) {
        case .success(let data): return data
        case .failure(let failure): throw .unreadable(source: path, reason: FileStatus.unreadableReason(path) ?? failure.reason)
        }
    }

    public static func policy(_ path: String) throws(ContractError) -> QCPolicy {
        try ContractDecoder.policy(from: read(path), source: path)
    }

    public static func job(_ path: String) throws(ContractError) -> Job {
        try ContractDecoder.job(from: read(path), source: path)
    }

    public static func metrics(_ path: String) throws(ContractError) -> MetricsDocument {
        try MetricsDocument.load(read(path), source: path)
    }

    public static func load<T: Decodable>(_ type: T.Type, kind: ArtifactKind, _ path: String) throws(ContractError) -> T {
        try ContractDecoder.load(type, kind: kind, from: read(path), source: path)
    }
}

/// Writing results: validated against their schema first, then atomically, so a reader never sees half a file.
public enum OutputFiles {
    /// Encodes every artifact before writing any, so invalid output writes nothing.
    public static func encode<T: Encodable>(_ artifact: T, as kind: ArtifactKind) throws -> Data {
        do {
            return try ContractEncoder.encode(artifact, as: kind)
        } catch {
            throw CommandFailure(status: .internalError, message: "internal error: Gaffer produced an invalid \(kind.rawValue):\n\(error)")
        }
    }

    /// Writes to `path`, or to stdout when `path` is nil or `-`.
    public static func emit(_ data: Data, to path: String?) throws {
        guard let path, path != "-" else {
            Console.out(data)
            return
        }
        do {
            try AtomicFile.write(data, to: path)
        } catch {
            throw CommandFailure(status: .internalError, message: "\(error)")
        }
    }
}
