import GafferContracts
import Hummingbird
import Logging

/// Turns an unexpected error (the store failing, a defect) into a 500 that says what failed, and logs it;
/// `HTTPResponseError`s (refusals, not-found) pass through as they are.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as any HTTPResponseError {
            throw error
        } catch {
            logger.error("request failed", metadata: [
                "method": "\(request.method.rawValue)", "path": "\(request.uri.path)", "error": "\(error)",
            ])
            return JSONResponse.make(["error": .string("internal error: \(error)")], status: .internalServerError)
        }
    }
}
