import Foundation
import HTTPTypes
import Hummingbird
import LoketKiosk
import NIOCore

/// The fleet console's routes under `/console` (docs/OPERATIONS.md, "The fleet console"):
/// pages by GET, actions by POST forms answered with a redirect. A log-in is a random
/// token in an `HttpOnly`, `SameSite=Strict` cookie scoped to `/console`; an action from
/// another site's page is refused. Errors are pages, not JSON.
enum ConsoleRouter {
    static let cookie = "loket_console"
    static let languageCookie = "loket_lang"

    static func add(to router: Router<HubRequestContext>, hub: Hub) {
        let screen: ConsoleScreen?
        let problem: String
        do {
            screen = try ConsoleScreen(hub: hub)
            problem = ""
        } catch {
            screen = nil
            problem = error.message
        }
        let secure = hub.configuration.consoleSecureCookie ?? (hub.configuration.tlsCertificatePath != nil)

        @Sendable func handle(
            _ request: Request,
            _ body: @escaping @Sendable (ConsoleScreen, ConsoleUser?, String) async throws -> Response
        ) async -> Response {
            guard let screen else { return text(500, problem) }
            let language = cookies(request)[languageCookie] ?? "nl"
            if request.method == .post, !sameOrigin(request) {
                return text(403, "an action from another site is refused")
            }
            let user = try? await hub.consoleUser(token: cookies(request)[cookie] ?? "")
            do { return try await body(screen, user, language) } catch let error as HubError {
                let page =
                    user == nil
                    ? try? await screen.render(.login, user: nil, language: language, notice: (error.message, true))
                    : try? await screen.render(.message(error.message), user: user, language: language)
                return html(error.status, page ?? error.message)
            } catch {
                hub.logger.error("a console page failed", metadata: ["error": "\(error)"])
                return text(500, "the console failed to answer; see the hub's log")
            }
        }

        /// A page for people logged in; the log-in page for the rest.
        @Sendable func page(_ page: @escaping @Sendable (Request, HubRequestContext) throws -> ConsolePage)
            -> @Sendable (Request, HubRequestContext) async -> Response
        {
            { request, context in
                await handle(request) { screen, user, language in
                    guard let user else { return redirect("/console/login") }
                    return html(
                        200, try await screen.render(try page(request, context), user: user, language: language))
                }
            }
        }

        router.get("/console/static/console.css") { _, _ in
            guard let data = try? ConsoleResources.data("console.css") else { return text(404, "no style sheet") }
            return Response(
                status: .ok, headers: [.contentType: "text/css; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
        router.get("/console/login") { request, _ in
            await handle(request) { screen, user, language in
                if user != nil { return redirect("/console") }
                return html(200, try await screen.render(.login, user: nil, language: language))
            }
        }
        router.post("/console/login") { request, context in
            await handle(request) { screen, _, language in
                let form = try await form(request)
                do {
                    let (token, _) = try await hub.logIn(
                        name: form["name"] ?? "", password: form["password"] ?? "",
                        address: context.clientAddress(request, proxies: hub.configuration.trustedProxies))
                    var response = redirect("/console")
                    response.headers[.setCookie] =
                        "\(cookie)=\(token); Path=/console; HttpOnly; SameSite=Strict; Max-Age=\(hub.configuration.consoleSessionSeconds)"
                        + (secure ? "; Secure" : "")
                    return response
                } catch let error as HubError where error.status == 401 || error.status == 429 {
                    let words = screen.strings.text(error.status == 429 ? "locked" : "badLogin", language)
                    return html(
                        error.status,
                        try await screen.render(.login, user: nil, language: language, notice: (words, true)))
                }
            }
        }
        router.post("/console/logout") { request, _ in
            await handle(request) { _, _, _ in
                try await hub.logOut(token: cookies(request)[cookie] ?? "")
                var response = redirect("/console/login")
                response.headers[.setCookie] = "\(cookie)=; Path=/console; HttpOnly; SameSite=Strict; Max-Age=0"
                return response
            }
        }
        router.post("/console/language") { request, _ in
            await handle(request) { _, _, _ in
                let language = try await form(request)["lang"] ?? "nl"
                var response = redirect(backPath(request))
                if ConsoleStrings.languages.contains(language) {
                    response.headers[.setCookie] =
                        "\(languageCookie)=\(language); Path=/console; SameSite=Strict; Max-Age=31536000"
                        + (secure ? "; Secure" : "")
                }
                return response
            }
        }
        router.get("/console", use: page { _, _ in .overview })
        router.get(
            "/console/terminals/:name", use: page { _, context in .terminal(try context.parameters.require("name")) })
        router.get("/console/rollouts", use: page { _, _ in .rollouts })
        router.get("/console/alerts", use: page { _, _ in .alerts })
        router.get("/console/audit", use: page { _, _ in .audit })
        router.get("/console/statistics", use: page { _, _ in .statistics })
        router.get("/console/statistics/:file") { request, context in
            await handle(request) { _, user, _ in
                guard let user else { return redirect("/console/login") }
                let file = try context.parameters.require("file")
                guard file.hasSuffix(".csv"), let table = FleetStatistics.Table(rawValue: String(file.dropLast(4)))
                else { throw HubError.notFound("no statistics \(file)") }
                return csv(try await hub.statistics(table, by: .user(user)), name: table.rawValue)
            }
        }
        router.post("/console/alerts/:id/acknowledge") { request, context in
            await handle(request) { _, user, _ in
                guard let user else { return redirect("/console/login") }
                _ = try await hub.acknowledgeAlert(try context.parameters.require("id"), by: .user(user))
                return redirect("/console/alerts")
            }
        }
        router.post("/console/rollouts/:id/rollback") { request, context in
            await handle(request) { _, user, _ in
                guard let user else { return redirect("/console/login") }
                _ = try await hub.rollback(try context.parameters.require("id"), by: .user(user))
                return redirect("/console/rollouts")
            }
        }
    }

    // MARK: HTTP parts

    static func cookies(_ request: Request) -> [String: String] {
        var found: [String: String] = [:]
        for header in request.headers[values: .cookie] {
            for pair in header.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                if parts.count == 2, found[parts[0]] == nil { found[parts[0]] = parts[1] }
            }
        }
        return found
    }

    /// A POST from a page of this hub (the `Origin`'s host is the `Host` asked), or from a
    /// client that sends no `Origin` (not a browser script).
    static func sameOrigin(_ request: Request) -> Bool {
        guard let origin = request.headers[.origin] else { return true }
        guard let host = URL(string: origin)?.host, let authority = request.head.authority else { return false }
        let asked = authority.split(separator: ":").first.map(String.init) ?? authority
        let port = URL(string: origin)?.port.map(String.init)
        let askedPort = authority.contains(":") ? authority.split(separator: ":").last.map(String.init) : nil
        return host == asked && (port == askedPort || askedPort == nil || port == nil)
    }

    static func backPath(_ request: Request) -> String {
        guard let referer = request.headers[.referer], let url = URL(string: referer), url.path.hasPrefix("/console"),
            url.path != "/console/language"
        else { return "/console" }
        return url.path
    }

    static func form(_ request: Request) async throws -> [String: String] {
        var request = request
        return KioskScreenRouter.form(String(buffer: try await request.collectBody(upTo: 16_384)))
    }

    static func redirect(_ path: String) -> Response {
        Response(status: .seeOther, headers: [.location: path, .cacheControl: "no-store"])
    }

    static func html(_ status: Int, _ text: String) -> Response {
        Response(
            status: HTTPResponse.Status(code: status),
            headers: [
                .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
                HTTPField.Name("Content-Security-Policy")!: "default-src 'self'; frame-ancestors 'none'",
                HTTPField.Name("X-Content-Type-Options")!: "nosniff",
            ],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func text(_ status: Int, _ text: String) -> Response {
        Response(
            status: HTTPResponse.Status(code: status), headers: [.contentType: "text/plain; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: text + "\n")))
    }

    static func csv(_ text: String, name: String) -> Response {
        Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8", .cacheControl: "no-store",
                .contentDisposition: "attachment; filename=\"loket-\(name).csv\"",
            ],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
