/// A page of a list: its items and the cursor of the next page, null on the
/// last (the admin API's lists are one page).
struct Page<Item: Encodable>: Encodable {
    var items: [Item]
    var nextCursor: String? = nil
}
