package org.retrowalk.cds.app;

import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import java.net.URI;

/** A launch waiting for the authorization server's answer, under its state: what the callback needs to finish it. */
record PendingLaunch(String fhirServer, SmartEhr ehr, URI tokenEndpoint, URI redirectUri, CodeVerifier verifier) {

    @Override
    public String toString() {
        return "PendingLaunch[" + fhirServer + "]";
    }
}
