package org.retrowalk.cds.platform;

import java.util.Optional;

/**
 * Which configured FHIR server base a URL lies under. The circuit breakers keep one breaker per configured base,
 * so a caller cannot dodge an open breaker by naming a sub-path, and the configuration (in auth) stays where it is.
 */
public interface FhirServerBases {

    /** The configured base (scheme://host:port/path, lower-case scheme and host) that admits the URL, the most specific one. */
    Optional<String> baseOf(String url);
}
