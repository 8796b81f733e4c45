package org.retrowalk.cds.auth;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.retrowalk.cds.config.AuthSettings;
import org.retrowalk.cds.platform.FhirServerBases;

/**
 * Which FHIR servers a caller may name in {@code fhirServer}: the service sends that server requests, with the
 * EHR's access token, so an unchecked URL would let a caller aim it at internal hosts. Each trusted issuer lists
 * the bases it may name ({@code retrowalk.auth.issuers.<name>.fhir-servers}); while authentication is off, any
 * caller may name one of {@code retrowalk.auth.open-fhir-servers} (default: loopback only). An entry matches by
 * scheme, host, port (its scheme's default unless given; {@code :*} for any) and path prefix on segment
 * boundaries. Only http and https, no user info.
 */
@Singleton
public class FhirServerAllowList implements FhirServerBases {

    private final boolean authentication;
    private final List<Entry> open;
    private final Map<String, List<Entry>> byIssuer;

    private record Entry(String scheme, String host, int port, String path) {
        String base(URI uri) {
            return scheme + "://" + host + ":" + (port == ANY_PORT ? FhirServerAllowList.port(uri) : port) + path;
        }

        boolean admits(URI uri) {
            String path = trimSlash(uri.getRawPath() == null ? "" : uri.getRawPath());
            return scheme.equals(uri.getScheme().toLowerCase(Locale.ROOT)) && host.equals(uri.getHost().toLowerCase(Locale.ROOT))
                    && (port == ANY_PORT || port == FhirServerAllowList.port(uri)) && (path.equals(this.path) || path.startsWith(this.path + "/"));
        }
    }

    private static final int ANY_PORT = -2;

    @Inject
    public FhirServerAllowList(AuthSettings settings) {
        this.authentication = settings.enabled();
        this.open = settings.openFhirServers().stream().map(e -> entry(e, "retrowalk.auth.open-fhir-servers")).toList();
        this.byIssuer = settings.issuers().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, issuer ->
                issuer.getValue().fhirServers().orElse(List.of()).stream()
                        .map(e -> entry(e, "retrowalk.auth.issuers." + issuer.getKey() + ".fhir-servers")).toList()));
    }

    /**
     * @param client the caller's issuer name (null while authentication is off)
     * @return why the server may not be named, or empty when it may
     */
    public Optional<String> refusal(String client, String fhirServer) {
        URI uri;
        try {
            uri = new URI(fhirServer);
        } catch (URISyntaxException e) {
            return Optional.of("Field 'fhirServer' is not a URL.");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null || uri.getRawUserInfo() != null
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return Optional.of("Field 'fhirServer' must be an http(s) base URL without user info, query or fragment.");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (!plainPath(path) || !uri.normalize().getRawPath().equals(path)) {
            // "/fhir/../internal" or "/fhir/..;/internal" would pass a prefix test and reach another path once a server
            // (Tomcat reads "..;" as "..") or a client normalises it; an encoded separator is the same trick one level down.
            return Optional.of("Field 'fhirServer' must be a plain base URL: no '.' or '..' segments (in any spelling), "
                    + "';' parameters, percent-encoded characters, backslashes or empty segments.");
        }
        List<Entry> allowed = authentication ? byIssuer.getOrDefault(client, List.of()) : open;
        if (allowed.stream().noneMatch(e -> e.admits(uri))) {
            return Optional.of(authentication
                    ? "Field 'fhirServer' names a server this EHR is not allowed to name (retrowalk.auth.issuers.<name>.fhir-servers)."
                    : "Field 'fhirServer' names a server not on retrowalk.auth.open-fhir-servers (loopback only by default).");
        }
        return Optional.empty();
    }

    /**
     * A path of plain segments: letters, digits and "-._~!$&'()*+,=:@" but no ';' (matrix parameters), no '%' (an
     * encoded '.', '/', backslash or ';' hides what the server will see), no empty segment and no segment of dots only.
     */
    static boolean plainPath(String path) {
        if (path.isEmpty()) {
            return true;
        }
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (!trimmed.startsWith("/")) {
            return trimmed.isEmpty();
        }
        for (String segment : trimmed.substring(1).split("/", -1)) {
            if (segment.isEmpty() || segment.chars().allMatch(c -> c == '.') || !PLAIN_SEGMENT.matcher(segment).matches()) {
                return false;
            }
        }
        return true;
    }

    private static final java.util.regex.Pattern PLAIN_SEGMENT = java.util.regex.Pattern.compile("[A-Za-z0-9._~!$&'()*+,=:@-]+");

    @Override
    public Optional<String> baseOf(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        if (uri.getScheme() == null || uri.getHost() == null) {
            return Optional.empty();
        }
        return java.util.stream.Stream.concat(open.stream(), byIssuer.values().stream().flatMap(List::stream))
                .filter(e -> e.admits(uri)).max(java.util.Comparator.comparingInt(e -> e.path().length())).map(e -> e.base(uri));
    }

    private static Entry entry(String value, String property) {
        String trimmed = value.trim();
        boolean anyPort = trimmed.matches("^[a-zA-Z]+://[^/]+:\\*(/.*)?$");
        URI uri;
        try {
            uri = new URI(anyPort ? trimmed.replaceFirst(":\\*", "") : trimmed);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(property + ": '" + value + "' is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IllegalStateException(property + ": '" + value + "' must be an http(s) URL with a host");
        }
        return new Entry(scheme, uri.getHost().toLowerCase(Locale.ROOT), anyPort ? ANY_PORT : port(uri),
                trimSlash(uri.getRawPath() == null ? "" : uri.getRawPath()));
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static String trimSlash(String path) {
        String p = path;
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }
}
