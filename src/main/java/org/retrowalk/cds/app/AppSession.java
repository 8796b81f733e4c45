package org.retrowalk.cds.app;

import java.time.Instant;

/**
 * One physiotherapist's use of the app after a SMART launch: the EHR's FHIR server, the patient in context and the
 * access token. Kept on the server only, under an unguessable session id; the browser holds only that id, in an
 * HttpOnly cookie. The token is never logged, put in a page, or sent anywhere but to {@code fhirServer}. Every form
 * the app posts carries {@code formToken}, which a page of another site cannot know (CSRF). {@code practitioner} is the
 * signed-in user as a FHIR reference (Practitioner/... or PractitionerRole/...) when the EHR said who it is, else null.
 */
public record AppSession(String id, String fhirServer, String patientId, String accessToken, String scope, Instant tokenExpiresAt,
                         String formToken, String practitioner) {

    @Override
    public String toString() {
        return "AppSession[patient in context, token withheld]";
    }
}
