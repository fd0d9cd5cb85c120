import Hummingbird

/// Every request that can change something (any method but GET, HEAD and OPTIONS) must carry
/// `Authorization: Bearer <token>` of a known operator whose role may change things; otherwise 401 (no or a wrong
/// token) or 403 (a viewer's token) before any handler runs, so no body is read and nothing changes.
struct BearerTokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let tokens: OperatorTokens

    init(tokens: OperatorTokens) { self.tokens = tokens }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        switch request.method {
        case .get, .head, .options: return try await next(request, context)
        default: break
        }
        switch tokens.identify(authorization: request.headers[.authorization]) {
        case .accepted(let entry) where entry.role == .viewer:
            throw APIError.forbidden("\(entry.name ?? "this token") is a viewer: viewers may read, not change anything; nothing changed")
        case .accepted: return try await next(request, context)
        case .missing:
            throw APIError.unauthorized(
                "this request changes something: send Authorization: Bearer <token> (the token `gaffer serve` was started with)")
        case .malformed: throw APIError.unauthorized("Authorization must be `Bearer <token>`")
        case .wrong: throw APIError.unauthorized("wrong bearer token; nothing changed")
        }
    }
}
