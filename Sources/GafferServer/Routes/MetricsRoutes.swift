import Hummingbird

/// `GET /metrics`: the Prometheus text exposition, built from the store at each scrape.
struct MetricsRoutes: Sendable {
    let dependencies: ServerDependencies

    func register(on router: Router<BasicRequestContext>) {
        router.get("metrics") { _, _ in
            let text = try await MetricsExporter(store: dependencies.store, version: dependencies.configuration.version).exposition()
            var headers = HTTPFields()
            headers[.contentType] = MetricsExporter.contentType
            headers[.cacheControl] = "no-store"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        }
    }
}
