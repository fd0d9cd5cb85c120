import Foundation

/// Whether this machine's vector gathers are slow, which decides how ffmpeg's scaler runs.
///
/// FFmpeg's AVX2 horizontal scaler (swscale's `hscale8to15`) reads its source pixels with `vpgatherdd`. FFmpeg
/// takes another path where it knows gathers are slow (`AV_CPU_FLAG_SLOW_GATHER`, set by CPU model), and it does
/// not know it of the AMD EPYC (Zen 5) this project is measured on, where gathers run as microcode: there the 64×36
/// luma thumbnail of a 1080p frame took 0.77 ms of CPU through the gather path and 0.15 ms through the other, with
/// bit-identical output (`bench/analyze.sh` measures the whole pass). So on AMD the analysis pass adds
/// `-cpuflags +slowgather`. The flag only steers which SIMD routine runs; the routines compute the same pixels.
public enum GatherSpeed: Equatable, Sendable {
    /// Gathers are slow: ffmpeg is told so.
    case slow
    /// ffmpeg's own judgement stands.
    case ffmpegDefault

    /// The CPU vendors whose gathers are microcoded.
    static let slowVendors: Set<String> = ["AuthenticAMD", "HygonGenuine"]

    /// What `/proc/cpuinfo` says: the first `vendor_id` line names the vendor (x86 only; other architectures have no
    /// such line, and no AVX2 scaler either).
    public static func judged(cpuInfo: String?) -> GatherSpeed {
        guard let cpuInfo else { return .ffmpegDefault }
        for line in cpuInfo.split(separator: "\n", omittingEmptySubsequences: true) where line.hasPrefix("vendor_id") {
            guard let colon = line.firstIndex(of: ":") else { return .ffmpegDefault }
            let vendor = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            return slowVendors.contains(vendor) ? .slow : .ffmpegDefault
        }
        return .ffmpegDefault
    }

    /// This machine's, read once (the first 4 KiB of `/proc/cpuinfo` hold the first processor's vendor).
    public static let thisMachine: GatherSpeed = {
        #if arch(x86_64)
        let fd = open("/proc/cpuinfo", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return .ffmpegDefault }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard count > 0 else { return .ffmpegDefault }
        return judged(cpuInfo: String(decoding: buffer[..<count], as: UTF8.self))
        #else
        return .ffmpegDefault
        #endif
    }()

    /// ffmpeg's global options for this judgement (before `-i`).
    var ffmpegArguments: [String] {
        switch self {
        case .slow: ["-cpuflags", "+slowgather"]
        case .ffmpegDefault: []
        }
    }
}
