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

    @Produces
    @Singleton
    public Terminology terminology(FhirContext fhir, ClinicalParameters parameters,
                            @ConfigProperty(name = "retrowalk.terminology.directory") Optional<Path> directory) {
        Terminology.Source source = directory.map(Terminology.Source::directory).orElse(Terminology.Source.classpath());
        List<String> extra = new ArrayList<>(parameters.fallRiskDrugClasses());
        for (BalanceTest test : BalanceTest.values()) {
            extra.add(test.valueSetId());
        }
        return new Terminology(fhir, source, extra, CODE_SYSTEMS);
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
