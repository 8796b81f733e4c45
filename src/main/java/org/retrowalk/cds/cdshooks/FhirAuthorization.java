package org.retrowalk.cds.cdshooks;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The EHR's grant to read its FHIR server. The token is a secret: it never appears in toString or logs. */
public record FhirAuthorization(
        @JsonProperty("access_token") String accessToken,
        @JsonProperty("token_type") String tokenType,
        @JsonProperty("expires_in") Integer expiresIn,
        String scope,
        String subject) {

    @Override
    public String toString() {
        return "FhirAuthorization[token=<redacted>, scope=" + scope + "]";
    }
}
