import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a render produced.
public struct RenderSummary: Sendable, Hashable, Codable {
    /// Absolute path of the clip.
    public var output: String
    /// Frames encoded (ffmpeg's own count).
    public var frames: Int
    /// Seconds of picture: frames ÷ fps.
    public var durationSeconds: Double
    /// Bytes of the file as left on disk (after a `truncate_fraction` fault, the truncated size).
    public var bytes: Int
    /// Bytes ffmpeg wrote, before any truncation.
    public var encodedBytes: Int
    public var width: Int
    public var height: Int
    public var fps: Int
    public var pattern: RenderPattern
    /// Frequency of the sine tone; nil without audio.
    public var audioFrequency: Int?
    /// Faults the clip carries: `black`, `freeze`, `silence`, `no_audio`, `truncated`.
    public var faults: [String]
    /// Remarks, e.g. a freeze not applied because `pose_weight` ≥ 0.9.
    public var notes: [String]

    enum CodingKeys: String, CodingKey {
        case output, frames, bytes, width, height, fps, pattern, faults, notes
        case durationSeconds = "duration_seconds"
        case encodedBytes = "encoded_bytes"
        case audioFrequency = "audio_frequency"
    }
}

/// The built-in render engine (`gaffer engine render`, SPEC §6.5): a real H.264 + AAC MP4 from
/// lavfi sources, with injectable faults (see `RenderParams`).
public enum Renderer {
    /// Renders `params` to `output` (MP4 whatever the extension).
    ///
    /// ffmpeg writes a hidden temporary file in the output's folder, which is renamed over `output`
    /// only once the encode succeeded, so a failed or killed render never leaves a plausible-looking
    /// output. The `truncate_fraction` fault then deliberately damages the final file. The hang,
    /// slow-start and crash faults are not acted here (see `runEngineCommand`).
    ///
    /// - Throws: `.invalidParams` for out-of-range params, `.toolMissing` without ffmpeg,
    ///   `.toolFailed` with ffmpeg's last stderr lines, `.io` when the folder is not writable.
    public static func render(
        _ params: RenderParams, to output: String, ffmpeg: String = "ffmpeg"
    ) throws(EngineToolError) -> RenderSummary {
        try params.validate()
        guard let executable = ToolProcess.locate(ffmpeg) else { throw .toolMissing(ffmpeg) }
        let target = output.absolutePath
        let folder = (target as NSString).deletingLastPathComponent
        let name = (target as NSString).lastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw .io("cannot create \(folder): \(error)")
        }
        let temporary = (folder as NSString).appendingPathComponent(".\(name).\(UUID().uuidString.prefix(8)).partial")
        let recipe = RenderRecipe(params)
        let scratch = try ScratchFolder("render")
        defer { scratch.remove() }

        let result: ToolOutput
        do {
            result = try ToolProcess.run(executable, arguments: recipe.arguments(output: temporary), scratch: scratch)
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
        guard result.status == 0 else {
            try? FileManager.default.removeItem(atPath: temporary)
            throw .toolFailed(ffmpeg, status: result.status, stderr: result.stderrLines)
        }
        guard rename(temporary, target) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporary)
            throw .io("cannot rename \(temporary) to \(target): \(reason)")
        }

        let encodedBytes = fileSize(target)
        var bytes = encodedBytes
        var faults = recipe.faults
        if let fraction = params.truncateFraction {
            bytes = Int(Double(encodedBytes) * fraction)
            guard truncate(target, off_t(bytes)) == 0 else {
                throw .io("cannot truncate \(target): \(String(cString: strerror(errno)))")
            }
            faults.append("truncated")
        }
        let frames = lastProgressFrame(result.stdout) ?? params.frameCount
        return RenderSummary(
            output: target, frames: frames, durationSeconds: Double(frames) / Double(params.fps), bytes: bytes,
            encodedBytes: encodedBytes, width: params.width, height: params.height, fps: params.fps,
            pattern: recipe.pattern, audioFrequency: recipe.audioFrequency, faults: faults, notes: recipe.notes)
    }

    /// The last `frame=N` of ffmpeg's `-progress` output.
    static func lastProgressFrame(_ stdout: Data) -> Int? {
        let text = String(decoding: stdout, as: UTF8.self)
        return text.split(separator: "\n").reversed().lazy
            .compactMap { line -> Int? in
                guard line.hasPrefix("frame=") else { return nil }
                return Int(line.dropFirst("frame=".count).trimmingCharacters(in: .whitespaces))
            }
            .first
    }

    static func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }
}
