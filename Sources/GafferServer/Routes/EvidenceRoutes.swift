import Foundation
import Hummingbird

/// `GET /evidence/{path…}`: a file under `<sandbox>/logs/` (contact sheets, engine logs, reports, renders),
/// so the review page can show the evidence. Anything else is 404. `Range` requests get 206 with the part asked
/// for, so a clip seeks in the browser's player.
struct EvidenceRoutes: Sendable {
    static let prefix = "/evidence/"

    let dependencies: ServerDependencies

    func register(on router: Router<BasicRequestContext>) {
        let resolver = EvidenceResolver(sandbox: dependencies.layout.root)
        let files = FileIO()
        router.get("evidence/**") { request, context in
            // The raw path, not the router's captures: `..` and percent-encoding are judged here, in one place.
            let path = request.uri.path
            guard path.hasPrefix(Self.prefix), let evidence = resolver.resolve(path.dropFirst(Self.prefix.count)) else {
                throw APIError.notFound("no such evidence file")
            }
            var headers = HTTPFields()
            headers[.contentType] = evidence.mediaType.contentType
            headers[.cacheControl] = "no-cache"
            headers[.xContentTypeOptions] = "nosniff"
            headers[.acceptRanges] = "bytes"
            let size = ((try? FileManager.default.attributesOfItem(atPath: evidence.path))?[.size] as? NSNumber)?.intValue ?? 0
            switch ByteRange.parse(request.headers[.range], size: size) {
            case .whole:
                let body = try await files.loadFile(path: evidence.path, context: context)
                return Response(status: .ok, headers: headers, body: body)
            case .part(let range):
                headers[.contentRange] = "bytes \(range.lowerBound)-\(range.upperBound)/\(size)"
                let body = try await files.loadFile(path: evidence.path, range: range, context: context)
                return Response(status: .partialContent, headers: headers, body: body)
            case .unsatisfiable:
                headers[.contentRange] = "bytes */\(size)"
                return Response(status: .rangeNotSatisfiable, headers: headers)
            }
        }
    }
}
