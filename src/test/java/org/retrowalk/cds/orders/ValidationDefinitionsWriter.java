package org.retrowalk.cds.orders;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.context.support.ValidationSupportContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.ValueSet;
import org.retrowalk.cds.fhir.FhirContextProducer;
import org.retrowalk.cds.terminology.Terminology;

/**
 * Writes {@link ValidationDefinitions#CLOSURE}: the FHIR R4 core and US Core definitions the validator needs.
 * Two sources, so that neither has to be complete alone:
 * <ul>
 * <li>what the validator fetches while it validates every ServiceRequest and Observation in the project's
 * examples, order cases and clinical cases, with all definitions loaded (recorded, not guessed);</li>
 * <li>everything our profiles reach: base definitions, the types of every element (so every data type an
 * extension may carry), the value sets bound to them (example bindings too) and the code systems those
 * include, until nothing new is reached;</li>
 * <li>the resource types their references may point to (the validator checks that Patient/p1 names one).</li>
 * </ul>
 * Narratives and prose for people are left out (the validator reads neither, see {@link #forValidator}); snapshots
 * are kept, so none is generated at run time. Run from the project root after changing a profile or the US Core
 * package:
 * {@code java -cp target/test-classes:target/classes:<test class path> org.retrowalk.cds.orders.ValidationDefinitionsWriter}
 * (ValidationDefinitionsTest fails, naming what changed, until it has been run).
 */
public final class ValidationDefinitionsWriter {

    static final Path OUTPUT = Path.of("fhir-profiles").resolve(ValidationDefinitions.CLOSURE.substring("fhir-profiles/".length()));
    static final Path INDEX_OUTPUT = Path.of("fhir-profiles").resolve(ValidationDefinitions.INDEX.substring("fhir-profiles/".length()));
    private static final String CORE = "http://hl7.org/fhir/StructureDefinition/";

    private ValidationDefinitionsWriter() {
    }

    public static void main(String[] args) throws IOException {
        FhirContext fhir = FhirContextProducer.shared();
        ValidationSupportChain full = ValidationDefinitions.full(fhir);
        Bundle bundle = closure(fhir, full);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(OUTPUT));
             Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
            fhir.newJsonParser().encodeResourceToWriter(bundle, writer);
        }
        System.out.printf("%d definitions written to %s (%d bytes)%n", bundle.getEntry().size(), OUTPUT, Files.size(OUTPUT));
        Set<String> index = ValidationDefinitions.urls(full);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(INDEX_OUTPUT));
             Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
            for (String url : index) {
                writer.write(url + "\n");
            }
        }
        System.out.printf("%d canonical URLs written to %s%n", index.size(), INDEX_OUTPUT);
    }

    /** The closure, as a collection Bundle sorted by canonical URL. */
    static Bundle closure(FhirContext fhir, ValidationSupportChain full) throws IOException {
        Set<String> roots = new TreeSet<>(ValidationDefinitions.PROFILES);
        roots.addAll(recorded(fhir, full));
        TreeMap<String, Resource> found = new TreeMap<>();
        Deque<String> todo = new ArrayDeque<>(roots);
        // Our own profile is not in the full definitions, but what it reaches is.
        try (InputStream in = Terminology.Source.classpath().open("StructureDefinition/backward-walking-prescription.json").orElseThrow()) {
            todo.addAll(references(fhir.newJsonParser().parseResource(StructureDefinition.class, in)));
        }
        while (!todo.isEmpty()) {
            String url = ValidationDefinitions.unversioned(todo.pop());
            if (found.containsKey(url) || url.equals(ProfileValidator.PRESCRIPTION_PROFILE)) {
                continue;
            }
            Resource resource = fetch(full, url);
            if (resource == null) {
                continue; // LOINC, SNOMED CT, UCUM: known to the terminology services, not as resources
            }
            Resource copy = forValidator(resource);
            found.put(url, copy);
            todo.addAll(references(copy));
        }
        // The types references may point to: the validator looks each one up to check that a reference names a
        // resource type (Patient/p1). Their own elements are not validated, so what they reach is not needed.
        Set<String> targets = new TreeSet<>();
        for (Resource resource : found.values()) {
            if (resource instanceof StructureDefinition sd) {
                Stream.concat(sd.getSnapshot().getElement().stream(), sd.getDifferential().getElement().stream())
                        .flatMap(element -> element.getType().stream())
                        .flatMap(type -> type.getTargetProfile().stream())
                        .map(CanonicalType::getValue).filter(url -> url.startsWith(CORE)).forEach(targets::add);
            }
        }
        for (String url : targets) {
            if (!found.containsKey(url) && fetch(full, url) instanceof StructureDefinition target) {
                found.put(url, forValidator(target));
            }
        }
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
        found.forEach((url, resource) -> bundle.addEntry().setFullUrl(url).setResource(resource));
        return bundle;
    }

    /**
     * A copy without what is written for people: the narrative, and the prose of every element and concept
     * (definition, comment, requirements, aliases, mappings to other standards). The validator reads none of it,
     * and as R4 objects and again as R5 objects it was 8 of the validator's 66 MB of heap.
     * {@code ValidationDefinitionsTest} checks that every resource of the project still gets the same messages.
     */
    static Resource forValidator(Resource resource) {
        Resource copy = resource.copy();
        if (copy instanceof DomainResource domain) {
            domain.setText(null);
        }
        if (copy instanceof StructureDefinition sd) {
            sd.setMapping(null);
            Stream.concat(sd.getSnapshot().getElement().stream(), sd.getDifferential().getElement().stream()).forEach(element -> {
                element.setDefinition(null);
                element.setComment(null);
                element.setRequirements(null);
                element.setAlias(null);
                element.setMapping(null);
            });
        } else if (copy instanceof CodeSystem cs) {
            withoutDefinitions(cs.getConcept());
        }
        return copy;
    }

    private static void withoutDefinitions(List<CodeSystem.ConceptDefinitionComponent> concepts) {
        for (CodeSystem.ConceptDefinitionComponent concept : concepts) {
            concept.setDefinition(null);
            withoutDefinitions(concept.getConcept());
        }
    }

    /** Our validator with other definitions than the closure, first in its chain (never loading more on demand). */
    static ProfileValidator withDefinitions(FhirContext fhir, IValidationSupport... definitions) {
        return new ProfileValidator(fhir, Terminology.Source.classpath(), new ValidationDefinitions.OnDemand(fhir, Set.of()), definitions);
    }

    /** Every canonical URL the validator asked for while validating the project's resources. */
    static Set<String> recorded(FhirContext fhir, ValidationSupportChain full) throws IOException {
        Recorder recorder = new Recorder(fhir);
        ProfileValidator validator = withDefinitions(fhir, recorder, full);
        for (Corpus.Item item : Corpus.all()) {
            validator.validate(item.resource(), item.profile());
        }
        return recorder.urls;
    }

    private static Resource fetch(ValidationSupportChain full, String url) {
        IBaseResource resource = full.fetchStructureDefinition(url);
        if (resource == null) {
            resource = full.fetchValueSet(url);
        }
        if (resource == null) {
            resource = full.fetchCodeSystem(url);
        }
        return (Resource) resource;
    }

    private static List<String> references(Resource resource) {
        List<String> urls = new ArrayList<>();
        if (resource instanceof StructureDefinition sd) {
            if (sd.hasBaseDefinition()) {
                urls.add(sd.getBaseDefinition());
            }
            List<ElementDefinition> elements = new ArrayList<>(sd.getSnapshot().getElement());
            elements.addAll(sd.getDifferential().getElement());
            for (ElementDefinition element : elements) {
                for (ElementDefinition.TypeRefComponent type : element.getType()) {
                    String code = type.getCode();
                    if (code != null) {
                        urls.add(code.startsWith("http") ? code : CORE + code);
                    }
                    type.getProfile().stream().map(CanonicalType::getValue).forEach(urls::add);
                }
                // example bindings too: the validator resolves them while it checks a CodeableConcept
                if (element.hasBinding() && element.getBinding().hasValueSet()) {
                    urls.add(element.getBinding().getValueSet());
                }
            }
        } else if (resource instanceof ValueSet vs) {
            Stream.concat(vs.getCompose().getInclude().stream(), vs.getCompose().getExclude().stream()).forEach(include -> {
                if (include.hasSystem()) {
                    urls.add(include.getSystem());
                }
                include.getValueSet().stream().map(CanonicalType::getValue).forEach(urls::add);
            });
        } else if (resource instanceof CodeSystem cs && cs.hasSupplements()) {
            urls.add(cs.getSupplements());
        }
        urls.removeIf(url -> url == null || url.isBlank());
        return urls;
    }

    /** First in the chain: notes each URL asked for, answers nothing, so the rest of the chain answers. */
    static final class Recorder implements IValidationSupport {
        private final FhirContext fhir;
        final Set<String> urls = new TreeSet<>();

        Recorder(FhirContext fhir) {
            this.fhir = fhir;
        }

        @Override
        public FhirContext getFhirContext() {
            return fhir;
        }

        @Override
        public IBaseResource fetchStructureDefinition(String url) {
            urls.add(url);
            return null;
        }

        @Override
        public IBaseResource fetchValueSet(String url) {
            urls.add(url);
            return null;
        }

        @Override
        public IBaseResource fetchCodeSystem(String url) {
            urls.add(url);
            return null;
        }

        @Override
        public boolean isValueSetSupported(ValidationSupportContext context, String url) {
            urls.add(url);
            return false;
        }

        @Override
        public boolean isCodeSystemSupported(ValidationSupportContext context, String system) {
            urls.add(system);
            return false;
        }
    }

    /** The project's ServiceRequests and Observations, each with the profile the service validates it against. */
    static final class Corpus {
        record Item(String name, IBaseResource resource, String profile) {
        }

        static List<Item> all() throws IOException {
            ObjectMapper json = new ObjectMapper();
            FhirContext fhir = FhirContextProducer.shared();
            List<Item> items = new ArrayList<>();
            items.add(new Item("PrescriptionProfileTest.GOOD", PrescriptionProfileTest.good(), ProfileValidator.PRESCRIPTION_PROFILE));
            items.add(new Item("PrescriptionProfileTest.GOOD as US Core", PrescriptionProfileTest.good(), ProfileValidator.US_CORE_SERVICE_REQUEST));
            List<Path> files = new ArrayList<>();
            for (String folder : List.of("examples", "rules/order-cases", "rules/cases")) {
                if (Files.isDirectory(Path.of(folder))) {
                    try (Stream<Path> walk = Files.walk(Path.of(folder))) {
                        walk.filter(p -> p.toString().endsWith(".json")).sorted().forEach(files::add);
                    }
                }
            }
            for (Path file : files) {
                collect(file.toString(), json.readTree(file.toFile()), fhir, items);
            }
            return items;
        }

        private static void collect(String name, JsonNode node, FhirContext fhir, List<Item> items) {
            if (node.isObject() && node.path("resourceType").isTextual()) {
                String type = node.get("resourceType").asText();
                if (type.equals("ServiceRequest") || type.equals("Observation")) {
                    IBaseResource resource;
                    try {
                        resource = fhir.newJsonParser().parseResource(node.toString());
                    } catch (RuntimeException e) {
                        return; // a case about a malformed resource: the parser's, not the validator's
                    }
                    if (type.equals("ServiceRequest")) {
                        items.add(new Item(name, resource, ProfileValidator.PRESCRIPTION_PROFILE));
                        items.add(new Item(name, resource, ProfileValidator.US_CORE_SERVICE_REQUEST));
                    } else {
                        items.add(new Item(name, resource, ProfileValidator.US_CORE_SIMPLE_OBSERVATION));
                    }
                    return;
                }
            }
            node.forEach(child -> collect(name, child, fhir, items));
        }
    }
}
