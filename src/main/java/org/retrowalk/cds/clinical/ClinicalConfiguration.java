package org.retrowalk.cds.clinical;

import ca.uhn.fhir.context.FhirContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Loads the clinical data once at start-up: rule parameters (rules/parameters.yaml, or the file named by
 * retrowalk.rules.parameters-file) and terminology (fhir-profiles/, or retrowalk.terminology.directory).
 * The producers are public so that the JMH benchmarks can build the same parts without CDI.
 */
@ApplicationScoped
public class ClinicalConfiguration {

    public static final List<String> CODE_SYSTEMS = List.of("assessment", "safety-modification", "care-action",
            "override-reason", "cds-topic");

    /** The parameters with the bytes they were read from, so the rule-set version can fingerprint them. */
    public record LoadedParameters(ClinicalParameters parameters, byte[] source) {}

    @Produces
    @Singleton
    public LoadedParameters loadedParameters(@ConfigProperty(name = "retrowalk.rules.parameters-file") Optional<Path> file) {
        try {
            byte[] bytes;
            if (file.isPresent()) {
                bytes = Files.readAllBytes(file.get());
            } else {
                try (InputStream in = getClass().getClassLoader().getResourceAsStream("rules/parameters.yaml")) {
                    if (in == null) {
                        throw new IllegalStateException("rules/parameters.yaml is not on the classpath");
                    }
                    bytes = in.readAllBytes();
                }
            }
            return new LoadedParameters(ClinicalParameters.read(new ByteArrayInputStream(bytes)), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the rule parameters", e);
        }
    }

    @Produces
    @Singleton
    public ClinicalParameters parameters(LoadedParameters loaded) {
        return loaded.parameters();
    }

    /** Without a terminology server: for the benchmarks, which build the parts without CDI. */
    public Terminology terminology(FhirContext fhir, ClinicalParameters parameters, Optional<Path> directory) {
        return terminology(fhir, parameters, directory, Optional.empty(), Duration.ZERO, Duration.ZERO, 0, 1);
    }

    @Produces
    @Singleton
    public Terminology terminology(FhirContext fhir, ClinicalParameters parameters,
                            @ConfigProperty(name = "retrowalk.terminology.directory") Optional<Path> directory,
                            @ConfigProperty(name = "retrowalk.terminology.server") Optional<String> server,
                            @ConfigProperty(name = "retrowalk.terminology.timeout", defaultValue = "PT0.3S") Duration timeout,
                            @ConfigProperty(name = "retrowalk.terminology.cache-ttl", defaultValue = "PT24H") Duration cacheTtl,
                            @ConfigProperty(name = "retrowalk.terminology.cache-size", defaultValue = "100000") int cacheSize,
                            @ConfigProperty(name = "retrowalk.terminology.threads", defaultValue = "4") int threads) {
        Terminology.Source source = directory.map(Terminology.Source::directory).orElse(Terminology.Source.classpath());
        List<String> extra = new ArrayList<>(parameters.fallRiskDrugClasses());
        for (BalanceTest test : BalanceTest.values()) {
            extra.add(test.valueSetId());
        }
        RemoteTerminology remote = server.filter(s -> !s.isBlank())
                .map(url -> new RemoteTerminology(fhir, url.trim(), timeout, cacheTtl, cacheSize, threads)).orElse(null);
        return new Terminology(fhir, source, extra, CODE_SYSTEMS, remote);
    }

    @Produces
    @Singleton
    public FactExtractor factExtractor(Terminology terminology, ClinicalParameters parameters) {
        return new FactExtractor(terminology, parameters);
    }

    @Produces
    @Singleton
    public Thresholds thresholds(ClinicalParameters parameters) {
        return new Thresholds(parameters);
    }
}
