package org.retrowalk.cds.terminology;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * Our code sets, read once from the FHIR ValueSet and CodeSystem resources in fhir-profiles/ (packaged on
 * the classpath, or a directory named by configuration). A value set that cannot be read, or that uses a
 * filter we cannot evaluate offline, stops the service at start-up rather than silently matching nothing.
 */
public final class Terminology {

    public static final String BASE = "http://retrowalk.org/fhir";
    public static final String ASSESSMENT_SYSTEM = BASE + "/CodeSystem/assessment";
    public static final String SAFETY_MODIFICATION_SYSTEM = BASE + "/CodeSystem/safety-modification";
    public static final String CARE_ACTION_SYSTEM = BASE + "/CodeSystem/care-action";
    public static final String OVERRIDE_REASON_SYSTEM = BASE + "/CodeSystem/override-reason";
    public static final String TOPIC_SYSTEM = BASE + "/CodeSystem/cds-topic";

    private final Map<ClinicalValueSet, CodeSet> clinical = new EnumMap<>(ClinicalValueSet.class);
    private final Map<String, CodeSet> byId = new LinkedHashMap<>();
    private final Map<String, CodeSystem> codeSystems = new LinkedHashMap<>();
    /** Every code system some loaded value set includes: a site's local system becomes known once it is mapped. */
    private final Set<String> includedSystems = new HashSet<>();
    private final Source source;
    private final RemoteTerminology remote;
    private final TextConcepts text;

    /** Where the resources come from: the classpath folder fhir-profiles/, or a directory. */
    public interface Source {
        Optional<InputStream> open(String relativePath) throws IOException;

        static Source classpath() {
            return path -> Optional.ofNullable(Terminology.class.getClassLoader().getResourceAsStream("fhir-profiles/" + path));
        }

        static Source directory(Path root) {
            return path -> {
                Path file = root.resolve(path);
                return Files.isRegularFile(file) ? Optional.of(Files.newInputStream(file)) : Optional.empty();
            };
        }
    }

    public Terminology(FhirContext fhir, Source source, List<String> extraValueSets, List<String> codeSystemIds) {
        this(fhir, source, extraValueSets, codeSystemIds, null);
    }

    /** With a terminology server that is asked about codes the shipped expansions do not hold (may be null). */
    public Terminology(FhirContext fhir, Source source, List<String> extraValueSets, List<String> codeSystemIds, RemoteTerminology remote) {
        this.source = source;
        this.remote = remote;
        for (ClinicalValueSet vs : ClinicalValueSet.values()) {
            CodeSet set = load(fhir, vs.id());
            clinical.put(vs, set);
        }
        for (String id : extraValueSets) {
            load(fhir, id);
        }
        for (String id : codeSystemIds) {
            codeSystems.put(id, read(fhir, "CodeSystem/" + id + ".json", CodeSystem.class));
        }
        this.text = TextConcepts.load(source);
    }

    /** The words that name concepts in text, in every language of fhir-profiles/words/. */
    public TextConcepts text() {
        return text;
    }

    public CodeSet get(ClinicalValueSet vs) {
        return clinical.get(vs);
    }

    public CodeSet byId(String id) {
        CodeSet set = byId.get(id);
        if (set == null) {
            throw new IllegalArgumentException("ValueSet/" + id + " was not loaded");
        }
        return set;
    }

    public Map<String, CodeSet> all() {
        return Collections.unmodifiableMap(byId);
    }

    /** The display of a code in one of our CodeSystems, for cards and orderDetail. */
    public String display(String codeSystemId, String code) {
        CodeSystem cs = codeSystems.get(codeSystemId);
        if (cs == null) {
            throw new IllegalArgumentException("CodeSystem/" + codeSystemId + " was not loaded");
        }
        return cs.getConcept().stream().filter(c -> c.getCode().equals(code)).findFirst()
                .map(CodeSystem.ConceptDefinitionComponent::getDisplay)
                .orElseThrow(() -> new IllegalArgumentException(code + " is not in CodeSystem/" + codeSystemId));
    }

    public CodeSystem codeSystem(String id) {
        CodeSystem cs = codeSystems.get(id);
        if (cs == null) {
            throw new IllegalArgumentException("CodeSystem/" + id + " was not loaded");
        }
        return cs;
    }

    /**
     * A value set's definition (compose) and its expansion. Listed concepts match as listed; an is-a filter on
     * ICD-10 or ATC matches by code prefix; an is-a filter on SNOMED CT (or any system without an offline
     * hierarchy) is matched through the shipped expansion, which must then contain at least the root.
     */
    private CodeSet load(FhirContext fhir, String id) {
        ValueSet vs = read(fhir, "ValueSet/" + id + ".json", ValueSet.class);
        CodeSet set = new CodeSet(id, vs.getTitle());
        Set<String> systems = new HashSet<>();
        Set<String> rootsNeedingExpansion = new LinkedHashSet<>();
        for (ValueSet.ConceptSetComponent include : vs.getCompose().getInclude()) {
            String system = include.getSystem();
            if (system == null || include.hasValueSet()) {
                throw new IllegalStateException("ValueSet/" + id + ": every include needs a system and no nested value sets");
            }
            systems.add(CodeSystems.canonical(system));
            for (ValueSet.ConceptReferenceComponent concept : include.getConcept()) {
                if (CodeSystems.RXNORM.equals(CodeSystems.canonical(system))) {
                    set.addIngredient(system, concept.getCode(), concept.getDisplay(),
                            concept.getDesignation().stream().map(ValueSet.ConceptReferenceDesignationComponent::getValue).toList());
                } else {
                    set.addCode(system, concept.getCode());
                }
            }
            for (ValueSet.ConceptSetFilterComponent filter : include.getFilter()) {
                if (filter.getOp() != ValueSet.FilterOperator.ISA || !"concept".equals(filter.getProperty())) {
                    throw new IllegalStateException("ValueSet/" + id + ": only 'concept is-a' filters can be evaluated");
                }
                if (CodeSystems.isPrefixHierarchy(CodeSystems.canonical(system))) {
                    set.addPrefix(system, filter.getValue());
                } else {
                    rootsNeedingExpansion.add(CodeSystems.canonical(system) + "|" + filter.getValue());
                    set.addRoot(system);
                }
            }
        }
        addExpansion(id, set, vs.getExpansion().getContains(), systems);
        includedSystems.addAll(systems);
        for (String root : rootsNeedingExpansion) {
            String[] parts = root.split("\\|", 2);
            if (!set.contains(parts[0], parts[1])) {
                throw new IllegalStateException("ValueSet/" + id + ": 'is-a " + parts[1] + "' on " + parts[0]
                        + " cannot be evaluated offline, and the expansion does not contain it");
            }
        }
        if (set.isEmpty()) {
            throw new IllegalStateException("ValueSet/" + id + " has no codes");
        }
        byId.put(id, set);
        if (remote != null) {
            set.askWhenUnknown(vs, remote);
        }
        return set;
    }

    private void addExpansion(String id, CodeSet set, List<ValueSet.ValueSetExpansionContainsComponent> contains, Set<String> systems) {
        for (ValueSet.ValueSetExpansionContainsComponent entry : contains) {
            if (entry.hasCode()) {
                if (!systems.contains(CodeSystems.canonical(entry.getSystem()))) {
                    throw new IllegalStateException("ValueSet/" + id + ": the expansion holds " + entry.getSystem() + "|" + entry.getCode()
                            + ", from a system its definition does not include");
                }
                set.addCode(entry.getSystem(), entry.getCode());
            }
            addExpansion(id, set, entry.getContains(), systems);
        }
    }

    /** The terminology server, when one is configured. */
    public java.util.Optional<RemoteTerminology> remote() {
        return java.util.Optional.ofNullable(remote);
    }

    /** A standard terminology, one of ours, or a system a value set includes (a site's mapped local codes). */
    public boolean knowsSystem(String system) {
        String canonical = CodeSystems.canonical(system);
        return CodeSystems.isKnown(canonical) || includedSystems.contains(canonical);
    }

    private <T extends org.hl7.fhir.instance.model.api.IBaseResource> T read(FhirContext fhir, String path, Class<T> type) {
        try {
            InputStream in = source.open(path).orElseThrow(() -> new IllegalStateException("missing terminology file fhir-profiles/" + path));
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                return fhir.newJsonParser().parseResource(type, reader);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read fhir-profiles/" + path, e);
        }
    }
}
