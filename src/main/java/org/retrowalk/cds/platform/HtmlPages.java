package org.retrowalk.cds.platform;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * What every server-rendered page of the service shares (the app's and the governance dashboard's): never cached,
 * only the service's own scripts and styles, no referrer, no content sniffing; and the unguessable ids their
 * sessions and form tokens are made of.
 */
public final class HtmlPages {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String POLICY = "default-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'";

    private HtmlPages() {
    }

    /**
     * The page with the shared headers. {@code framable}: an EHR may show it inside its own window (the app); else
     * no other site may frame it (the dashboard).
     */
    public static Response page(Response.ResponseBuilder response, boolean framable) {
        return response.type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header("Cache-Control", "no-store")
                .header("Content-Security-Policy", framable ? POLICY : POLICY + "; frame-ancestors 'none'")
                .header("Referrer-Policy", "no-referrer")
                .header("X-Content-Type-Options", "nosniff")
                .build();
    }

    /** Whether a token the browser sent is the one kept on the server, compared in constant time; false if either is absent. */
    public static boolean sameToken(String expected, String given) {
        return expected != null && given != null
                && java.security.MessageDigest.isEqual(expected.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        given.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** 256 random bits, URL-safe. */
    public static String newId() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
