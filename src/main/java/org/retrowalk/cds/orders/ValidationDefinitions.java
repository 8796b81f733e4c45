package org.retrowalk.cds.orders;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.context.support.ValidationSupportContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.hl7.fhir.common.hapi.validation.support.NpmPackageValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.ValueSet;
import org.jboss.logging.Logger;

/**
 * The FHIR definitions the validator needs, and no more. HAPI's FHIR R4 core and the US Core package are
 * some 260 MB of heap once the validator holds them (as R4 objects and again as the R5 objects it works on);
 * validating a ServiceRequest or an Observation against our profile, US Core's ServiceRequest and US Core's
 * simple observation touches a few hundred of them. Those, with their snapshots but without the prose written for
 * people (definitions, comments, mappings), are kept in
 * {@value #CLOSURE}, written from the full definitions by {@code ValidationDefinitionsWriter} (test sources)
 * and checked to be current by {@code ValidationDefinitionsTest}.
 * <p>
 * A resource that reaches past them (a profile or a contained resource of another type) is still validated
 * in full: {@link OnDemand} then loads all definitions, once, and says so in the log.
 */
public final class ValidationDefinitions {

    public static final String CLOSURE = "fhir-profiles/dependencies/validation-definitions.json.gz";
    static final String US_CORE_PACKAGE = "classpath:fhir-profiles/dependencies/hl7.fhir.us.core-6.1.0.tgz";
    /** The profiles we validate against: the closure is everything they reach. */
    public static final List<String> PROFILES = List.of(ProfileValidator.PRESCRIPTION_PROFILE, ProfileValidator.US_CORE_SERVICE_REQUEST,
            ProfileValidator.US_CORE_SIMPLE_OBSERVATION);
    /** The canonical URL of every definition in the full set, one per line: what {@link OnDemand} can find. */
    public static final String INDEX = "fhir-profiles/dependencies/validation-definitions-index.txt.gz";

    private static final Logger LOG = Logger.getLogger(ValidationDefinitions.class);

    private ValidationDefinitions() {
    }

    /** The closure, read from the class path. */
    public static PrePopulatedValidationSupport closure(FhirContext fhir) {
        PrePopulatedValidationSupport support = new Versioned(fhir);
        try (InputStream in = ValidationDefinitions.class.getClassLoader().getResourceAsStream(CLOSURE)) {
            if (in == null) {
                throw new IllegalStateException("missing " + CLOSURE + " on the class path");
            }
            try (Reader reader = new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8)) {
                Bundle bundle = fhir.newJsonParser().parseResource(Bundle.class, reader);
                for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
                    if (entry.getResource() instanceof StructureDefinition sd) {
                        support.addStructureDefinition(sd);
                    } else if (entry.getResource() instanceof ValueSet vs) {
                        support.addValueSet(vs);
                    } else if (entry.getResource() instanceof CodeSystem cs) {
                        support.addCodeSystem(cs);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + CLOSURE, e);
        }
        return support;
    }

    /** A canonical URL without its version: "narrative-status|4.0.1" gives "narrative-status". */
    static String unversioned(String url) {
        int version = url == null ? -1 : url.indexOf('|');
        return version < 0 ? url : url.substring(0, version);
    }

    /**
     * The validator asks for definitions by canonical URL with a version (narrative-status|4.0.1), which HAPI's
     * pre-populated support does not understand. Each definition is held here in one version: a URL naming that
     * version names it; a URL naming another version (SNOMED CT's editions) names nothing held here.
     */
    private static final class Versioned extends PrePopulatedValidationSupport {
        Versioned(FhirContext fhir) {
            super(fhir);
        }

        @Override
        public IBaseResource fetchStructureDefinition(String url) {
            return held(super.fetchStructureDefinition(unversioned(url)), url);
        }

        @Override
        public IBaseResource fetchValueSet(String url) {
            return held(super.fetchValueSet(unversioned(url)), url);
        }

        @Override
        public IBaseResource fetchCodeSystem(String url) {
            return held(super.fetchCodeSystem(unversioned(url)), url);
        }

        @Override
        public boolean isValueSetSupported(ValidationSupportContext context, String url) {
            return fetchValueSet(url) != null;
        }

        /** As HAPI's core support answers: a code system whose codes are not here (SNOMED CT's stub) is not. */
        @Override
        public boolean isCodeSystemSupported(ValidationSupportContext context, String system) {
            return fetchCodeSystem(system) instanceof CodeSystem cs && cs.getContent() != CodeSystem.CodeSystemContentMode.NOTPRESENT;
        }

        private static IBaseResource held(IBaseResource resource, String url) {
            int bar = url == null ? -1 : url.indexOf('|');
            if (resource == null || bar < 0) {
                return resource;
            }
            String version = resource instanceof org.hl7.fhir.r4.model.MetadataResource metadata ? metadata.getVersion() : null;
            return url.substring(bar + 1).equals(version) ? resource : null;
        }
    }

    private static Set<String> index() {
        try (InputStream in = ValidationDefinitions.class.getClassLoader().getResourceAsStream(INDEX)) {
            if (in == null) {
                throw new IllegalStateException("missing " + INDEX + " on the class path");
            }
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8))) {
                return reader.lines().filter(line -> !line.isBlank()).collect(Collectors.toUnmodifiableSet());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + INDEX, e);
        }
    }

    /** The canonical URL of every definition a support holds. */
    static Set<String> urls(IValidationSupport support) {
        Set<String> urls = new java.util.TreeSet<>();
        for (IBaseResource resource : support.fetchAllConformanceResources()) {
            if (resource instanceof org.hl7.fhir.r4.model.MetadataResource metadata && metadata.hasUrl()) {
                urls.add(metadata.getUrl());
            }
        }
        return urls;
    }

    /** All of FHIR R4 core and US Core 6.1.0: what the closure is taken from. */
    public static ValidationSupportChain full(FhirContext fhir) {
        NpmPackageValidationSupport usCore = new NpmPackageValidationSupport(fhir);
        try {
            usCore.loadPackageFromClasspath(US_CORE_PACKAGE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the US Core package", e);
        }
        return new ValidationSupportChain(new DefaultProfileValidationSupport(fhir), usCore);
    }

    /**
     * Behind the closure in the validator's chain: a definition the closure lacks but the full set holds (the
     * {@link #INDEX} says which) is looked up in the full definitions, loaded on the first such lookup. Other
     * URLs (another organisation's profile, the validator's own FHIRPath type names, code systems known
     * only to terminology servers) are not looked for: the full definitions do not hold them either.
     */
    public static final class OnDemand implements IValidationSupport {

        private final FhirContext fhir;
        private final Set<String> index;
        private volatile ValidationSupportChain full;

        /** Behind {@code held}: what it holds is never looked for here (HAPI's chain asks every support in turn). */
        public OnDemand(FhirContext fhir, IValidationSupport held) {
            this(fhir, without(index(), held));
        }

        OnDemand(FhirContext fhir, Set<String> index) {
            this.fhir = fhir;
            this.index = index;
        }

        private static Set<String> without(Set<String> index, IValidationSupport held) {
            Set<String> rest = new java.util.HashSet<>(index);
            rest.removeAll(urls(held));
            return Set.copyOf(rest);
        }

        /** Whether a lookup has missed the closure and loaded the full definitions. */
        public boolean loaded() {
            return full != null;
        }

        @Override
        public FhirContext getFhirContext() {
            return fhir;
        }

        @Override
        public String getName() {
            return "retrowalk-definitions-on-demand";
        }

        @Override
        public IBaseResource fetchStructureDefinition(String url) {
            return published(url) ? full(url).fetchStructureDefinition(url) : null;
        }

        @Override
        public IBaseResource fetchValueSet(String url) {
            return published(url) ? full(url).fetchValueSet(url) : null;
        }

        @Override
        public IBaseResource fetchCodeSystem(String url) {
            return published(url) ? full(url).fetchCodeSystem(url) : null;
        }

        @Override
        public boolean isValueSetSupported(ValidationSupportContext context, String url) {
            return published(url) && full(url).isValueSetSupported(context, url);
        }

        @Override
        public boolean isCodeSystemSupported(ValidationSupportContext context, String system) {
            return published(system) && full(system).isCodeSystemSupported(context, system);
        }

        private boolean published(String url) {
            return url != null && index.contains(unversioned(url));
        }

        private ValidationSupportChain full(String url) {
            ValidationSupportChain loaded = full;
            if (loaded == null) {
                synchronized (this) {
                    if (full == null) {
                        LOG.warnf("%s is not among the validator's definitions (%s): loading all of FHIR R4 and US Core "
                                + "(about 260 MB of heap from now on); add it with ValidationDefinitionsWriter", url, CLOSURE);
                        full = ValidationDefinitions.full(fhir);
                    }
                    loaded = full;
                }
            }
            return loaded;
        }
    }
}
