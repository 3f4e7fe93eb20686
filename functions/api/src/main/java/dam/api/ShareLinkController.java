package dam.api;

import dam.core.library.share.Share;
import dam.core.library.share.ShareService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventServletRequest;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The public side of share links (no sign-in; the signed link is the credential): {@code GET /s/{token}} — a page
 * with the preview and the link's presets, the password form, or a clear page saying why the link does not work;
 * {@code POST /s/{token}} — the password form (CSRF value bound to the link) → a grant cookie scoped to this link's
 * path; {@code GET /s/{token}/download?preset=&format=&asset=} → 302 to a short-lived presigned GET. Tokens are
 * never logged.
 */
@Controller("/s")
final class ShareLinkController {

    static final String COOKIE = "dam_share";

    private final ShareService shares;

    ShareLinkController(ShareService shares) {
        this.shares = shares;
    }

    @Get("/{token}")
    HttpResponse<String> open(HttpRequest<?> request, @PathVariable String token) {
        return page(token, shares.open(token, grant(request)));
    }

    @Post("/{token}")
    @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.TEXT_PLAIN, MediaType.ALL})
    HttpResponse<String> unlock(@PathVariable String token, @Nullable @Body String body) {
        String csrf = null;
        String password = null;
        for (String pair : (body == null ? "" : body).split("&")) {
            String[] kv = pair.split("=", 2);
            String value = kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "";
            if (kv[0].equals("csrf")) {
                csrf = value;
            } else if (kv[0].equals("password")) {
                password = value;
            }
        }
        ShareService.Answer a = shares.unlock(token, csrf, password);
        if (a.status() == 303) {
            MutableHttpResponse<String> r = HttpResponse.<String>status(HttpStatus.SEE_OTHER)
                    .header("Location", "/s/" + encode(token));
            if (a.grant() != null) {
                r.header("Set-Cookie", COOKIE + "=" + a.grant() + "; Path=/s/" + encode(token) + "; Max-Age="
                        + ShareService.GRANT_TTL.toSeconds() + "; HttpOnly; Secure; SameSite=Strict");
            }
            return r;
        }
        return page(token, a);
    }

    @Get("/{token}/download")
    HttpResponse<String> download(HttpRequest<?> request, @PathVariable String token,
                                  @Nullable @QueryValue String preset, @Nullable @QueryValue String format,
                                  @Nullable @QueryValue String asset) {
        ShareService.Answer a = shares.download(token, grant(request), asset, preset, format);
        if (a.redirect() != null) {
            return HttpResponse.<String>status(HttpStatus.FOUND).header("Location", a.redirect().toString());
        }
        return page(token, a);
    }

    /** The grant cookie: payload 2.0 passes cookies in their own list; other callers in the Cookie header. */
    static String grant(HttpRequest<?> request) {
        List<String> raw = new ArrayList<>();
        if (request instanceof APIGatewayV2HTTPEventServletRequest<?> r && r.getNativeRequest() != null
                && r.getNativeRequest().getCookies() != null) {
            raw.addAll(r.getNativeRequest().getCookies());
        }
        request.getHeaders().getAll("Cookie").forEach(h -> raw.addAll(List.of(h.split(";"))));
        for (String c : raw) {
            String t = c.strip();
            if (t.startsWith(COOKIE + "=")) {
                return t.substring(COOKIE.length() + 1);
            }
        }
        return null;
    }

    private static HttpResponse<String> page(String token, ShareService.Answer a) {
        StringBuilder b = new StringBuilder();
        b.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
                + "content=\"width=device-width\"><meta name=\"referrer\" content=\"no-referrer\"><title>")
                .append(esc(a.title())).append("</title><style>body{font:16px system-ui,sans-serif;max-width:46rem;"
                + "margin:2rem auto;padding:0 1rem}img{max-width:100%}li{margin:.3rem 0}.why{color:#8a1c1c}"
                + "</style></head><body><h1>").append(esc(a.title())).append("</h1>");
        if (a.refused()) {
            if (a.reason() != null && !a.passwordRequired()) {
                b.append("<p class=\"why\" id=\"reason\">").append(esc(a.reason())).append("</p>");
            }
        }
        if (a.passwordRequired()) {
            if (a.reason() != null) {
                b.append("<p class=\"why\" id=\"reason\">").append(esc(a.reason())).append("</p>");
            }
            b.append("<form method=\"post\" action=\"/s/").append(esc(encode(token))).append("\">")
                    .append("<input type=\"hidden\" name=\"csrf\" value=\"").append(esc(a.csrf())).append("\">")
                    .append("<label>Password <input type=\"password\" name=\"password\" required "
                            + "autocomplete=\"off\"></label> <button>Open</button></form>");
        } else if (!a.refused()) {
            b.append("<p>Available until ").append(esc(a.expiresAt().toString())).append("; ")
                    .append(a.downloadsLeft()).append(" download(s) left.</p>");
            for (ShareService.PageAsset asset : a.assets()) {
                b.append("<section><h2>").append(esc(asset.name())).append("</h2>");
                if (asset.preview() != null) {
                    b.append("<img alt=\"preview\" src=\"").append(esc(asset.preview().toString())).append("\">");
                }
                if (asset.unavailable() != null) {
                    b.append("<p class=\"why\">").append(esc(asset.unavailable())).append("</p>");
                } else {
                    b.append("<ul>");
                    for (String preset : a.presets()) {
                        String href = "/s/" + encode(token) + "/download?preset=" + encode(preset)
                                + (a.kind() == Share.Kind.COLLECTION ? "&asset=" + encode(asset.assetId()) : "");
                        b.append("<li><a href=\"").append(esc(href)).append("\">")
                                .append(esc(preset.equals(Share.ORIGINAL) ? "Original file" : preset))
                                .append("</a></li>");
                    }
                    b.append("</ul>");
                }
                b.append("</section>");
            }
        }
        b.append("</body></html>");
        return HttpResponse.<String>status(HttpStatus.valueOf(a.status())).body(b.toString())
                .contentType("text/html; charset=utf-8")
                .header("Content-Security-Policy", "default-src 'none'; img-src https: http:; "
                        + "style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'")
                .header("Referrer-Policy", "no-referrer");
    }

    private static String encode(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
