package org.retrowalk.cds.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The v1 scopes asked of an EHR whose SMART configuration does not announce permission-v2. */
class SmartScopesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "launch openid fhirUser patient/*.rs patient/ServiceRequest.c patient/Observation.c | launch openid fhirUser patient/*.read patient/ServiceRequest.write patient/Observation.write",
            "patient/Observation.cruds | patient/Observation.read patient/Observation.write",
            "launch/patient user/Practitioner.r | launch/patient user/Practitioner.read",
            "patient/*.rs patient/*.read | patient/*.read",
            "offline_access | offline_access"})
    void v2ScopesBecomeV1(String v2, String v1) {
        assertEquals(v1, SmartLaunch.v1Scopes(v2));
    }
}
