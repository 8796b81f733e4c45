package org.retrowalk.cds.fhir;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/** CDS Hooks JSON: FHIR resources through HAPI, unknown fields ignored, empty optional fields omitted. */
@Singleton
public class JacksonCustomizer implements ObjectMapperCustomizer {

    static final int MAX_NESTING_DEPTH = 100;
    static final int MAX_STRING_LENGTH = 1_000_000;

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new FhirJacksonModule());
        // Bounds on what a request may make the parser do: FHIR resources nest a few dozen levels at most.
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH).maxStringLength(MAX_STRING_LENGTH).maxNumberLength(100).build());
        mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        // FHIR decimals keep their precision ("13.20" stays 13.20) in the trees HAPI reads resources from, as
        // in HAPI's own parser
        mapper.configure(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, true);
        mapper.setNodeFactory(new JsonNodeFactory(true));
        mapper.setSerializationInclusion(JsonInclude.Include.NON_EMPTY);
    }
}
