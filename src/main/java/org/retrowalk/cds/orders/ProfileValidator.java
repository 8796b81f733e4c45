package org.retrowalk.cds.orders;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ValidationOptions;
import ca.uhn.fhir.validation.ValidationResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.ValueSet;
import org.retrowalk.cds.terminology.Terminology;
import org.retrowalk.cds.terminology.TerminologyConfiguration;

/**
 * HAPI's instance validator, offline: the FHIR R4 core and US Core 6.1.0 definitions our profiles reach
 * ({@link ValidationDefinitions}), our profile, CodeSystems and ValueSets from fhir-profiles/, in-memory
 * terminology and snapshot generation. SNOMED, LOINC
 * and CPT cannot be checked offline: codes from them are checked for form and value-set membership only.
 */
public final class ProfileValidator {

    public static final String PRESCRIPTION_PROFILE = Terminology.BASE + "/StructureDefinition/backward-walking-prescription";
    public static final String US_CORE_SERVICE_REQUEST = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-servicerequest";
    public static final String US_CORE_SIMPLE_OBSERVATION = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-simple-observation";
    static final List<String> PROFILE_VALUE_SETS = List.of("backward-walking-order", "safety-modification");

    private final FhirValidator validator;
    private final ValidationDefinitions.OnDemand onDemand;

    public ProfileValidator(FhirContext fhir, Terminology.Source source) {
        this(fhir, source, ValidationDefinitions.closure(fhir));
    }

    private ProfileValidator(FhirContext fhir, Terminology.Source source, IValidationSupport closure) {
        this(fhir, source, new ValidationDefinitions.OnDemand(fhir, closure), closure);
    }

    /** With other FHIR definitions than the closure: ValidationDefinitionsTest validates with all of them. */
    ProfileValidator(FhirContext fhir, Terminology.Source source, ValidationDefinitions.OnDemand onDemand, IValidationSupport... definitions) {
        PrePopulatedValidationSupport ours = new PrePopulatedValidationSupport(fhir);
        ours.addStructureDefinition(read(fhir, source, "StructureDefinition/backward-walking-prescription.json", StructureDefinition.class));
        for (String id : TerminologyConfiguration.CODE_SYSTEMS) {
            ours.addCodeSystem(read(fhir, source, "CodeSystem/" + id + ".json", CodeSystem.class));
        }
        // CPT is not available offline; the fragment holds the codes our value sets use.
        ours.addCodeSystem(read(fhir, source, "CodeSystem/cpt-fragment.json", CodeSystem.class));
        for (String id : PROFILE_VALUE_SETS) {
            ours.addValueSet(read(fhir, source, "ValueSet/" + id + ".json", ValueSet.class));
        }
        this.onDemand = onDemand;
        ValidationSupportChain chain = new ValidationSupportChain(definitions);
        chain.addValidationSupport(ours);
        chain.addValidationSupport(onDemand);
        for (IValidationSupport terminology : List.of(
                new CommonCodeSystemsTerminologyService(fhir),
                new InMemoryTerminologyServerValidationSupport(fhir),
                new SnapshotGeneratingValidationSupport(fhir))) {
            chain.addValidationSupport(terminology);
        }
        FhirInstanceValidator module = new FhirInstanceValidator(chain);
        module.setErrorForUnknownProfiles(true);
        module.setAnyExtensionsAllowed(true);
        this.validator = fhir.newValidator().registerValidatorModule(module);
    }

    public ValidationResult validate(IBaseResource resource, String profile) {
        return validator.validateWithResult(resource, new ValidationOptions().addProfile(profile));
    }

    /** Whether a validation has reached past {@link ValidationDefinitions#CLOSURE} and loaded all definitions. */
    public boolean loadedAllDefinitions() {
        return onDemand.loaded();
    }

    private static <T extends IBaseResource> T read(FhirContext fhir, Terminology.Source source, String path, Class<T> type) {
        try {
            InputStream in = source.open(path).orElseThrow(() -> new IllegalStateException("missing fhir-profiles/" + path));
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                return fhir.newJsonParser().parseResource(type, reader);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fhir-profiles/" + path, e);
        }
    }
}
