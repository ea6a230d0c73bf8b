import Foundation

/// What every signed-in page knows: the session, the organizations to pick
/// from and the one chosen.
struct DashboardScope: Sendable {
    var session: DashboardSession
    var organizations: [Organization]
    var organization: Organization

    /// The values every page's header and forms use, with the page's title and
    /// tab. The organization picker stays on the tab: it opens the tab's list
    /// for the organization picked.
    func layout(title: String, tab: String) -> [String: Any] {
        [
            "title": title, "csrf": session.csrfToken, "org": organization.slug, "orgName": organization.name,
            "orgs": organizations.map { ["slug": $0.slug, "name": $0.name, "selected": $0.id == organization.id] },
            "tab_\(tab)": true, "tabPath": Self.tabPaths[tab] ?? "/dashboard",
        ]
    }

    /// Each tab's list page.
    private static let tabPaths = [
        "timeline": "/dashboard", "people": "/dashboard/people", "leads": "/dashboard/leads", "streams": "/dashboard/streams",
        "deadletters": "/dashboard/dead-letters", "developer": "/dashboard/developer",
    ]
}

extension String {
    /// The string percent-encoded for a query value.
    var urlQueryEncoded: String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return addingPercentEncoding(withAllowedCharacters: allowed) ?? self
    }
}
