import Foundation
import Glibc

/// Loopback ports for tests: `free()` names one nobody listens on now (bound to port 0, named, closed; a server
/// started on it next gets it almost always); a `Reservation` holds one until the server that is to use it starts.
public enum LoopbackPort {
    /// A port nothing listens on now (free to bind, though another process may take it before the caller does).
    public static func free() throws -> Int {
        let reservation = try Reservation()
        defer { reservation.release() }
        return reservation.port
    }

    /// A loopback port held by a socket that is bound but not listening: a connection to it is refused at once, and
    /// neither another server nor an outgoing connection's ephemeral port can take it until `release()`.
    public final class Reservation: @unchecked Sendable {
        public let port: Int
        private var socket: Int32

        public init() throws {
            let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { throw PortError(description: "socket() failed") }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = 0
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
            let named = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
            guard bound == 0, named == 0 else {
                close(fd)
                throw PortError(description: "bind() or getsockname() failed")
            }
            socket = fd
            port = Int(UInt16(bigEndian: address.sin_port))
        }

        /// Frees the port for the server that is to listen on it.
        public func release() {
            if socket >= 0 { close(socket) }
            socket = -1
        }

        deinit { release() }
    }

    public struct PortError: Error, CustomStringConvertible {
        public let description: String
    }
}
