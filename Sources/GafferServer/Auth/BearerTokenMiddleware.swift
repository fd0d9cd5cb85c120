import Hummingbird

/// Every request that can change something (any method but GET, HEAD and OPTIONS) must carry
/// `Authorization: Bearer <token>`; otherwise 401 before any handler runs, so no body is read and nothing changes.
struct BearerTokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: BearerToken

    init(token: String) { self.token = BearerToken(token) }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        switch request.method {
        case .get, .head, .options: return try await next(request, context)
        default: break
        }
        switch token.check(authorization: request.headers[.authorization]) {
        case .accepted: return try await next(request, context)
        case .missing:
            throw APIError.unauthorized(
                "this request changes something: send Authorization: Bearer <token> (the token `gaffer serve` was started with)")
        case .malformed: throw APIError.unauthorized("Authorization must be `Bearer <token>`")
        case .wrong: throw APIError.unauthorized("wrong bearer token; nothing changed")
        }
    }
}
