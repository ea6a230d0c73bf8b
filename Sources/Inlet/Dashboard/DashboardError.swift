/// Why a dashboard request ends before its page: the dashboard's middleware
/// answers each as HTML (or, for ``signIn``, a redirect to the sign-in page).
enum DashboardError: Error {
    /// No valid session on a page read.
    case signIn
    /// A write without a valid session, CSRF token or same-origin request.
    case forbidden(String)
    /// What the address names does not exist.
    case notFound(String)
}
