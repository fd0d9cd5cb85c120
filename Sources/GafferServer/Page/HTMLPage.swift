import Hummingbird

/// A whole HTML document: the shell (head, style, header) around a page's main content, with an optional
/// inline script. Inline style and script carry a per-response nonce that the Content-Security-Policy names,
/// so nothing else (no injected markup, no external asset) can run or load.
struct HTMLPage: Sendable {
    var title: String
    var header: PageHeader?
    /// Markup, already escaped.
    var main: String
    var script: String?

    func render(nonce: String) -> String {
        var html = """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTMLEscaping.escape(title)) · Gaffer</title>
            <style nonce="\(nonce)">\(PageStyle.css)</style>
            </head>
            <body>
            <a class="skip" href="#content">Skip to content</a>
            \(header?.render() ?? "")
            <main id="content" class="wrap">
            \(main)
            </main>

            """
        if let script { html += "<script nonce=\"\(nonce)\">\(script)</script>\n" }
        html += "</body>\n</html>\n"
        return html
    }

    func response(status: HTTPResponse.Status = .ok) -> Response {
        let nonce = Self.makeNonce()
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        headers[.xContentTypeOptions] = "nosniff"
        headers[.contentSecurityPolicy] = [
            "default-src 'none'", "img-src 'self'", "media-src 'self'", "connect-src 'self'",
            "style-src 'nonce-\(nonce)'", "script-src 'nonce-\(nonce)'", "base-uri 'none'", "form-action 'none'",
            "frame-ancestors 'none'",
        ].joined(separator: "; ")
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: render(nonce: nonce))))
    }

    /// 128 random bits, hex.
    static func makeNonce() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<2).map { _ in String(generator.next() as UInt64, radix: 16).leftPadded16() }.joined()
    }
}

extension String {
    fileprivate func leftPadded16() -> String { String(repeating: "0", count: max(0, 16 - count)) + self }
}
