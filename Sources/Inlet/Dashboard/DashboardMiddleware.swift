import Hummingbird
import Logging

/// Turns what a dashboard route throws into a page rather than the API's JSON
/// envelope: a redirect to sign in, or an error page with the status and message.
struct DashboardMiddleware: RouterMiddleware {
    typealias Context = InletRequestContext

    let pages: DashboardPages

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch DashboardError.signIn {
            return Response(status: .seeOther, headers: [.location: "/dashboard/signin"])
        } catch DashboardError.forbidden(let message) {
            return error(.forbidden, message)
        } catch DashboardError.notFound(let message) {
            return error(.notFound, message)
        } catch let error as InletError {
            var response = self.error(error.code.status, error.message)
            if let retryAfter = error.retryAfter { response.headers[.retryAfter] = String(retryAfter) }
            return response
        } catch StoreError.unavailable {
            return error(.serviceUnavailable, "The database cannot be reached now; try again shortly.")
        } catch let error as any HTTPResponseError where error.status.code == 404 {
            return self.error(.notFound, "There is no such page.")
        } catch {
            context.logger.error(
                "Dashboard page failed",
                metadata: ["error": "\(String(reflecting: type(of: error)))", "requestId": "\(context.requestID)"]
            )
            return self.error(.internalServerError, "Something went wrong on the server.")
        }
    }

    private func error(_ status: HTTPResponse.Status, _ message: String) -> Response {
        pages.page("error", ["title": status.reasonPhrase, "status": status.code, "message": message], status: status)
    }
}
