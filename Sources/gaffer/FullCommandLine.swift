import GafferCLICore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `gaffer-full`, the rest of the command line, installed beside `gaffer`.
enum FullCommandLine {
    static let name = "gaffer-full"

    /// Replaces this process with `gaffer-full` and the same arguments (argv[0] kept, so `ps` still says `gaffer …`).
    static func exec(_ arguments: [String]) -> Never {
        let path = besideThisBinary()
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
        argv.append(nil)
        execv(path, argv)
        let reason = String(cString: strerror(errno))
        Console.error(
            "gaffer: cannot start \(path) (\(reason)): the full command line is a second binary, \(name), that must sit "
                + "beside gaffer; build both (`swift build`) or install both")
        exit(ExitStatus.internalError.rawValue)
    }

    /// The folder of the running binary, symbolic links resolved (so `bin/gaffer` → the build folder), plus the name.
    static func besideThisBinary() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        #if os(Linux)
            let length = readlink("/proc/self/exe", &buffer, Int(PATH_MAX))
            let own = length > 0 ? String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self) : CommandLine.arguments[0]
        #else
            let own = realpath(CommandLine.arguments[0], &buffer) != nil ? String(cString: buffer) : CommandLine.arguments[0]
        #endif
        guard let slash = own.lastIndex(of: "/") else { return name }
        return String(own[...slash]) + name
    }
}
