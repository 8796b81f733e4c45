package org.retrowalk.cds.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.LenientErrorHandler;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The one FhirContext of the service: creating it is expensive and it is thread-safe. */
public class FhirContextProducer {

    private static final FhirContext CONTEXT = create();

    private static FhirContext create() {
        FhirContext context = FhirContext.forR4();
        // Lenient: records from real EHRs carry unknown elements. Silent: HAPI's warnings quote the
        // offending values, which can be patient data, so they must not reach the log.
        context.setParserErrorHandler(new LenientErrorHandler(false));
        return context;
    }

    @Produces
    @Singleton
    FhirContext fhirContext() {
        return CONTEXT;
    }

    /** For code that runs outside CDI (Jackson serializers, tests). */
    public static FhirContext shared() {
        return CONTEXT;
    }

    public static IParser jsonParser() {
        return CONTEXT.newJsonParser().setSuppressNarratives(false);
    }
}
