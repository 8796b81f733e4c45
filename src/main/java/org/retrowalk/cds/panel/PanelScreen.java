package org.retrowalk.cds.panel;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.jboss.logging.Logger;
import org.retrowalk.cds.config.RetrowalkConfig;
import org.retrowalk.cds.decision.Decision;
import org.retrowalk.cds.decision.DecisionEngine;
import org.retrowalk.cds.decision.FiredRule;
import org.retrowalk.cds.decision.Outcome;
import org.retrowalk.cds.decision.RuleTexts;
import org.retrowalk.cds.facts.FactExtractor;
import org.retrowalk.cds.parameters.EvaluationClock;
import org.retrowalk.cds.record.PatientRecord;
import org.retrowalk.cds.record.RecordQueries;

/**
 * Screens one share of a population through the same facts and rules as patient-view. The population is a
 * directory of ndjson files as a FHIR Bulk Data export writes them (one resource a line, files by resource type).
 * A patient's resources are spread over every file, so the screen streams twice: first every line of the share's
 * patients goes to one of {@code retrowalk.panel.buckets} files on disk by a hash of the patient; then each bucket,
 * a small part of the population, is read into memory, grouped by patient, and screened. Memory holds one bucket
 * per thread, whatever the population's size. Shares split the patients by the same hash, so that N processes (a
 * Kubernetes Indexed Job's pods) screen disjoint parts of one export; {@link Worklists#merge} joins them.
 */
@ApplicationScoped
public class PanelScreen {

    private static final Logger LOG = Logger.getLogger(PanelScreen.class);

    private final FhirContext fhir;
    private final FactExtractor extractor;
    private final DecisionEngine engine;
    private final EvaluationClock clock;
    private final RuleTexts texts;
    private final RetrowalkConfig.Panel settings;
    private final Set<String> types;
    private final Set<String> observationTokens;
    private final ObjectMapper json = new ObjectMapper();

    @Inject
    public PanelScreen(FhirContext fhir, FactExtractor extractor, DecisionEngine engine, EvaluationClock clock, RuleTexts texts,
                       RetrowalkConfig config, RecordQueries queries) {
        this.fhir = fhir;
        this.extractor = extractor;
        this.engine = engine;
        this.clock = clock;
        this.texts = texts;
        this.settings = config.panel();
        this.types = Set.copyOf(settings.resourceTypes());
        // The observations patient-view's prefetch template asks for (its code= list), and no others: most of an
        // export's lines are vital signs and laboratory results the rules never read.
        this.observationTokens = queries.observationConcepts().stream().flatMap(c -> c.tokens().stream()).collect(java.util.stream.Collectors.toSet());
        if (settings.buckets() < 1) {
            throw new IllegalStateException("retrowalk.panel.buckets must be at least 1");
        }
    }

    /** The resource types the screen reads: what a Bulk Data export is asked for. */
    public java.util.List<String> resourceTypes() {
        return settings.resourceTypes();
    }

    /** Screens share {@code index} of {@code shares} of the export in {@code input}; writes the share's worklist to {@code output}. */
    public ScreenSummary screen(Path input, Path output, int index, int shares) throws IOException {
        if (shares < 1 || index < 0 || index >= shares) {
            throw new IllegalArgumentException("share " + index + " of " + shares + " does not exist");
        }
        long started = System.nanoTime();
        Files.createDirectories(output);
        Path work = Files.createTempDirectory(output, "buckets-" + index + "-");
        try {
            long lines = distribute(input, work, index, shares);
            Counts counts = new Counts();
            Path shareFile = Worklists.shareFile(output, index, shares);
            try (BufferedWriter out = Files.newBufferedWriter(shareFile, StandardCharsets.UTF_8)) {
                screenBuckets(work, out, counts);
            }
            ScreenSummary summary = new ScreenSummary(index, shares, counts.patients.get(), counts.deceased.get(), counts.withoutPatient.get(),
                    counts.kneeOa.get(), counts.byOutcome(), lines, (System.nanoTime() - started) / 1_000_000);
            json.writeValue(Worklists.summaryFile(output, index, shares).toFile(), summary);
            LOG.infof("Panel screen share %d of %d: %d patients, %d with knee OA, %s in %d ms", index, shares, summary.patients(),
                    summary.kneeOa(), summary.byOutcome(), summary.millis());
            return summary;
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** First pass: every line of this share's patients, of the types the readers use, to its bucket file. */
    private long distribute(Path input, Path work, int index, int shares) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(input)) {
            files = list.filter(f -> f.getFileName().toString().endsWith(".ndjson") || f.getFileName().toString().endsWith(".ndjson.gz"))
                    .sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no .ndjson files in " + input);
        }
        BufferedWriter[] buckets = new BufferedWriter[settings.buckets()];
        long lines = 0;
        try {
            for (Path file : files) {
                try (BufferedReader reader = reader(file)) {
                    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                        if (line.isBlank()) {
                            continue;
                        }
                        lines++;
                        JsonNode resource = json.readTree(line);
                        String type = resource.path("resourceType").asText();
                        if (!types.contains(type) || (type.equals("Observation") && !PatientKey.hasCode(resource, observationTokens))) {
                            continue;
                        }
                        String patient = PatientKey.of(resource);
                        if (patient == null) {
                            continue;
                        }
                        int hash = PatientKey.hash(patient);
                        if (hash % shares != index) {
                            continue;
                        }
                        int bucket = (hash / shares) % buckets.length;
                        if (buckets[bucket] == null) {
                            buckets[bucket] = Files.newBufferedWriter(work.resolve("bucket-" + bucket + ".ndjson"), StandardCharsets.UTF_8);
                        }
                        buckets[bucket].write(patient);
                        buckets[bucket].write('\t');
                        buckets[bucket].write(line);
                        buckets[bucket].write('\n');
                    }
                }
            }
        } finally {
            for (BufferedWriter bucket : buckets) {
                if (bucket != null) {
                    bucket.close();
                }
            }
        }
        return lines;
    }

    /** Second pass: bucket by bucket, each in memory, grouped by patient; the worklist rows in bucket order. */
    private void screenBuckets(Path work, BufferedWriter out, Counts counts) throws IOException {
        List<Path> buckets;
        try (Stream<Path> list = Files.list(work)) {
            buckets = list.sorted().toList();
        }
        int threads = settings.threads() > 0 ? settings.threads() : Runtime.getRuntime().availableProcessors();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            // At most `threads` buckets in memory at once: submit a window, write its rows in order, then the next.
            for (int start = 0; start < buckets.size(); start += threads) {
                List<Future<List<WorklistEntry>>> window = new ArrayList<>();
                for (Path bucket : buckets.subList(start, Math.min(buckets.size(), start + threads))) {
                    window.add(pool.submit(() -> screenBucket(bucket, counts)));
                }
                for (Future<List<WorklistEntry>> rows : window) {
                    for (WorklistEntry entry : rows.get()) {
                        out.write(json.writeValueAsString(entry));
                        out.write('\n');
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("screen interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof UncheckedIOException u ? u.getCause() : new IOException("screening a bucket failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private List<WorklistEntry> screenBucket(Path bucket, Counts counts) throws IOException {
        Map<String, List<String>> byPatient = new LinkedHashMap<>();
        try (BufferedReader reader = Files.newBufferedReader(bucket, StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                int tab = line.indexOf('\t');
                byPatient.computeIfAbsent(line.substring(0, tab), k -> new ArrayList<>()).add(line.substring(tab + 1));
            }
        }
        IParser parser = fhir.newJsonParser();
        List<WorklistEntry> rows = new ArrayList<>();
        for (Map.Entry<String, List<String>> patient : byPatient.entrySet()) {
            counts.patients.incrementAndGet();
            List<Resource> resources = new ArrayList<>(patient.getValue().size());
            Patient demographics = null;
            for (String line : patient.getValue()) {
                Resource resource = (Resource) parser.parseResource(line);
                if (resource instanceof Patient p) {
                    demographics = p;
                } else {
                    resources.add(resource);
                }
            }
            if (demographics == null) {
                counts.withoutPatient.incrementAndGet();
                continue;
            }
            if (demographics.hasDeceased() && !(demographics.hasDeceasedBooleanType() && !demographics.getDeceasedBooleanType().booleanValue())) {
                counts.deceased.incrementAndGet();
                continue;
            }
            Decision decision = engine.decide(extractor.extract(new PatientRecord(patient.getKey(), demographics, resources), clock.today()));
            if (decision.outcome() == Outcome.NO_CARD) {
                continue;
            }
            counts.kneeOa.incrementAndGet();
            counts.outcome(decision.outcome().name());
            rows.add(entry(patient.getKey(), decision));
        }
        return rows;
    }

    WorklistEntry entry(String patientId, Decision decision) {
        List<String> reasons = decision.rulesWith(decision.outcome()).stream().map(FiredRule::getName).distinct().toList();
        List<String> assessments = new ArrayList<>();
        for (String kind : List.of("steadi-screen", "balance-tests", "falls-assessment", "medication-review")) {
            if (decision.firedRules().stream().anyMatch(r -> r.getSuggestions().contains(kind))) {
                assessments.add(texts.word("assessment-" + kind, Map.of()));
            }
        }
        return new WorklistEntry("Patient/" + patientId, decision.outcome().name(), texts.word("worklist-" + decision.outcome().name(), Map.of()),
                reasons, assessments, decision.ruleIds());
    }

    private static BufferedReader reader(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        if (file.getFileName().toString().endsWith(".gz")) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }

    private static final class Counts {
        final AtomicLong patients = new AtomicLong();
        final AtomicLong deceased = new AtomicLong();
        final AtomicLong withoutPatient = new AtomicLong();
        final AtomicLong kneeOa = new AtomicLong();
        private final Map<String, Long> outcomes = new TreeMap<>();

        synchronized void outcome(String outcome) {
            outcomes.merge(outcome, 1L, Long::sum);
        }

        synchronized Map<String, Long> byOutcome() {
            return new TreeMap<>(outcomes);
        }
    }
}
