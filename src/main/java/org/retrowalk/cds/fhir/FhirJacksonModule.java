package org.retrowalk.cds.fhir;

import ca.uhn.fhir.parser.IJsonLikeParser;
import ca.uhn.fhir.parser.json.jackson.JacksonStructure;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Resource;

/**
 * Lets the CDS Hooks JSON carry FHIR resources while HAPI, not Jackson, parses and encodes them:
 * Jackson only hands over the subtree of a resource.
 */
public final class FhirJacksonModule extends SimpleModule {

    public FhirJacksonModule() {
        super("fhir-resources");
        addSerializer(IBaseResource.class, new ResourceSerializer());
        addDeserializer(Resource.class, new ResourceDeserializer());
    }

    static final class ResourceSerializer extends JsonSerializer<IBaseResource> {
        @Override
        public void serialize(IBaseResource resource, JsonGenerator gen, SerializerProvider provider) throws IOException {
            String once = EncodedOnce.json(resource);
            gen.writeRawValue(once != null ? once : FhirContextProducer.jsonParser().encodeResourceToString(resource));
        }
    }

    static final class ResourceDeserializer extends JsonDeserializer<Resource> {
        @Override
        public Resource deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                throw InvalidFormatException.from(p, "expected a FHIR resource (a JSON object)", null, Resource.class);
            }
            JsonNode tree = p.readValueAsTree();
            if (!tree.hasNonNull("resourceType")) {
                throw InvalidFormatException.from(p, "a FHIR resource needs a resourceType", null, Resource.class);
            }
            try {
                // HAPI walks the tree Jackson has just built, instead of a string of it parsed again: for a
                // large prefetch that was most of the cost of reading a request
                JacksonStructure structure = new JacksonStructure();
                structure.setNativeObject((ObjectNode) tree);
                IBaseResource parsed = ((IJsonLikeParser) FhirContextProducer.jsonParser()).parseResource(structure);
                if (parsed instanceof Resource resource) {
                    return resource;
                }
                throw InvalidFormatException.from(p, "not a FHIR R4 resource", null, Resource.class);
            } catch (RuntimeException e) {
                // HAPI's messages quote the offending value; say only which element it was.
                throw InvalidFormatException.from(p, "not a valid FHIR R4 resource: " + FhirParseErrors.describe(e), null, Resource.class);
            }
        }
    }
}
