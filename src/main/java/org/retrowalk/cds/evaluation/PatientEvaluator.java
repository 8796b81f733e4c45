package org.retrowalk.cds.evaluation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.retrowalk.cds.cdshooks.CdsRequest;
import org.retrowalk.cds.decision.Decision;
import org.retrowalk.cds.decision.DecisionEngine;
import org.retrowalk.cds.facts.ClinicalFacts;
import org.retrowalk.cds.facts.FactExtractor;
import org.retrowalk.cds.parameters.EvaluationClock;
import org.retrowalk.cds.platform.CdsException;
import org.retrowalk.cds.record.PrefetchReader;
import org.retrowalk.cds.record.ReadFailure;
import org.retrowalk.cds.record.RecordReader;

/**
 * What every service does first: read the patient's record (prefetch, then fhirServer), extract the facts,
 * run the rules, and make the decision more cautious when part of the record could not be read.
 */
@ApplicationScoped
public class PatientEvaluator {

    private static final Logger LOG = Logger.getLogger(PatientEvaluator.class);

    private final RecordReader records;
    private final FactExtractor extractor;
    private final DecisionEngine engine;
    private final EvaluationClock clock;

    @Inject
    public PatientEvaluator(RecordReader records, FactExtractor extractor, DecisionEngine engine, EvaluationClock clock) {
        this.records = records;
        this.extractor = extractor;
        this.engine = engine;
        this.clock = clock;
    }

    public record Evaluation(ClinicalFacts facts, Decision decision, RecordReader.Result read) {
        /** How long the FHIR server was read (0 when the prefetch had everything). */
        public long serverReadNanos() {
            return read.serverReadNanos();
        }
    }

    public Evaluation evaluate(String serviceId, CdsRequest request, String patientId) {
        long started = System.nanoTime();
        RecordReader.Result read;
        try {
            String token = request.fhirAuthorization() == null ? null : request.fhirAuthorization().accessToken();
            read = records.read(patientId, request.prefetch(), request.fhirServer(), token);
        } catch (PrefetchReader.PrefetchException e) {
            throw CdsException.badRequest(e.getMessage());
        } catch (RecordReader.RecordUnavailableException e) {
            LOG.logf(SyntheticLoad.callLogLevel(), "hookInstance=%s outcome=unavailable millis=%d", request.hookInstance(),
                    (System.nanoTime() - started) / 1_000_000);
            throw CdsException.dataUnavailable(e.getMessage(), e.serverReadNanos());
        }
        Evaluation evaluation = decide(read);
        Decision decision = evaluation.decision();
        // No patient data and no URLs: the hook instance, what was read, the outcome and the rules.
        LOG.logf(SyntheticLoad.callLogLevel(), "hookInstance=%s outcome=%s rules=%s data=%s%s fromServer=%s resources=%d millis=%d",
                request.hookInstance(), decision.outcome(), decision.ruleIds(), read.complete() ? "complete" : "incomplete",
                read.complete() ? "" : " unread=" + unreadCodes(read.unread()), read.fromServer(), read.record().size(),
                (System.nanoTime() - started) / 1_000_000);
        return evaluation;
    }

    /**
     * The same evaluation for an app reading the record itself from the EHR's FHIR server with its own token (SMART
     * App Launch): no prefetch. A record that cannot be read at all throws RecordUnavailableException.
     */
    public Evaluation evaluate(String patientId, String fhirServer, String accessToken) {
        RecordReader.Result read = records.read(patientId, Map.of(), fhirServer, accessToken);
        Evaluation evaluation = decide(read);
        LOG.infof("app evaluation outcome=%s rules=%s data=%s", evaluation.decision().outcome(), evaluation.decision().ruleIds(),
                read.complete() ? "complete" : "incomplete");
        return evaluation;
    }

    /** Facts, rules, and the cap on an answer given on part of the record. */
    private Evaluation decide(RecordReader.Result read) {
        ClinicalFacts facts = extractor.extract(read.record(), clock.today());
        Map<String, String> unread = new LinkedHashMap<>();
        read.unread().forEach((key, failure) -> unread.put(key, failure.words()));
        return new Evaluation(facts, engine.decide(facts).incomplete(unread), read);
    }

    private static String unreadCodes(Map<String, ReadFailure> unread) {
        List<String> codes = new ArrayList<>();
        unread.forEach((key, failure) -> codes.add(key + ":" + failure.code()));
        return codes.toString();
    }
}
