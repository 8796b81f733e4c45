package org.retrowalk.cds.terminology;

import ca.uhn.fhir.context.FhirContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.retrowalk.cds.config.RetrowalkConfig;
import org.retrowalk.cds.parameters.BalanceTest;
import org.retrowalk.cds.parameters.ClinicalParameters;

/**
 * Loads the terminology once at start-up: the value sets and code systems of fhir-profiles/ (or
 * retrowalk.terminology.directory), and the optional terminology server. Public so that the JMH benchmarks can
 * build it without CDI.
 */
@ApplicationScoped
public class TerminologyConfiguration {

    /** Our own code systems, loaded beside the value sets. */
    public static final List<String> CODE_SYSTEMS = List.of("assessment", "safety-modification", "care-action",
            "override-reason", "cds-topic");

    /** Without a terminology server: for the benchmarks, which build the parts without CDI. */
    public Terminology terminology(FhirContext fhir, ClinicalParameters parameters, Optional<Path> directory) {
        return terminology(fhir, parameters, directory, Optional.empty(), Duration.ZERO, Duration.ZERO, 0, 1);
    }

    @Produces
    @Singleton
    public Terminology terminology(FhirContext fhir, ClinicalParameters parameters, RetrowalkConfig config) {
        RetrowalkConfig.Terminology t = config.terminology();
        return terminology(fhir, parameters, t.directory(), t.server(), t.timeout(), t.cacheTtl(), t.cacheSize(), t.threads());
    }

    private Terminology terminology(FhirContext fhir, ClinicalParameters parameters, Optional<Path> directory, Optional<String> server,
                                    Duration timeout, Duration cacheTtl, int cacheSize, int threads) {
        Terminology.Source source = directory.map(Terminology.Source::directory).orElse(Terminology.Source.classpath());
        List<String> extra = new ArrayList<>(parameters.fallRiskDrugClasses());
        extra.addAll(parameters.anticoagulants().classes());
        for (BalanceTest test : BalanceTest.values()) {
            extra.add(test.valueSetId());
        }
        RemoteTerminology remote = server.filter(s -> !s.isBlank())
                .map(url -> new RemoteTerminology(fhir, url.trim(), timeout, cacheTtl, cacheSize, threads)).orElse(null);
        return new Terminology(fhir, source, extra, CODE_SYSTEMS, remote);
    }
}
