package io.intakeedge.agent.status;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The page's three files, read from {@code classpath:webroot/} once at start and served from memory: no CDN, no
 * build step, and no Vert.x file cache directory left in the working directory.
 */
public final class StaticPage {
    private static final Map<String, String> FILES = Map.of(
            "/", "index.html", "/index.html", "index.html", "/app.js", "app.js", "/style.css", "style.css");
    // the page loads only its own script and style: an injected inline script would not run
    private static final String CSP = "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; "
            + "script-src 'self'; connect-src 'self'; frame-ancestors 'none'";

    public void mount(Router router) {
        FILES.forEach((path, file) -> {
            Buffer body = Buffer.buffer(read(file));
            String type = contentType(file);
            router.get(path).handler(ctx -> serve(ctx, body, type));
        });
    }

    private static void serve(RoutingContext ctx, Buffer body, String type) {
        ctx.response().putHeader("content-type", type)
                .putHeader("cache-control", "no-cache")
                .putHeader("x-content-type-options", "nosniff")
                .putHeader("content-security-policy", CSP)
                .end(body);
    }

    private static String contentType(String file) {
        if (file.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        return file.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
    }

    private static byte[] read(String file) {
        try (InputStream in = StaticPage.class.getResourceAsStream("/webroot/" + file)) {
            if (in == null) {
                throw new IllegalStateException("webroot/" + file + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading webroot/" + file, e);
        }
    }
}
