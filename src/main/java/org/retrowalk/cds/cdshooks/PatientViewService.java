package org.retrowalk.cds.cdshooks;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.retrowalk.cds.cards.CardFactory;
import org.retrowalk.cds.cdshooks.json.Card;
import org.retrowalk.cds.cdshooks.json.CdsRequest;
import org.retrowalk.cds.cdshooks.json.CdsResponse;
import org.retrowalk.cds.cdshooks.json.ServiceDescriptor;
import org.retrowalk.cds.clinical.ClinicalFacts;
import org.retrowalk.cds.clinical.EvaluationClock;
import org.retrowalk.cds.clinical.FactExtractor;
import org.retrowalk.cds.decision.Decision;
import org.retrowalk.cds.decision.DecisionEngine;
import org.retrowalk.cds.fhir.PrefetchReader;
import org.retrowalk.cds.fhir.ReadFailure;
import org.retrowalk.cds.fhir.RecordQueries;
import org.retrowalk.cds.fhir.RecordReader;

/** backward-walking-patient-view: a card for a knee-OA patient's chart. */
@ApplicationScoped
public class PatientViewService implements CdsService {

    public static final String ID = "backward-walking-patient-view";
    private static final Logger LOG = Logger.getLogger(PatientViewService.class);

    private final RecordReader records;
    private final FactExtractor extractor;
    private final DecisionEngine engine;
    private final CardFactory cards;
    private final EvaluationClock clock;
    private final ServiceDescriptor descriptor;

    @Inject
    public PatientViewService(RecordReader records, RecordQueries queries, FactExtractor extractor, DecisionEngine engine,
                              CardFactory cards, EvaluationClock clock,
                              @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version) {
        this.records = records;
        this.extractor = extractor;
        this.engine = engine;
        this.cards = cards;
        this.clock = clock;
        this.descriptor = new ServiceDescriptor("patient-view", ID,
                "Backward walking for knee osteoarthritis",
                "Advises whether backward walking can be added to a knee osteoarthritis patient's exercise therapy: recommended, "
                        + "recommended with named safety measures, advised against, or assess first; from falls, balance tests, age, "
                        + "osteoarthritis severity and risk modifiers. Decision support, not a substitute for clinical judgement.",
                queries.templates(),
                "Reads the patient's Patient, Condition, Observation (pain, falls, balance tests, KL grade), active "
                        + "MedicationRequest and MedicationStatement, Device, DeviceUseStatement, knee-arthroplasty Procedure and "
                        + "ServiceRequest resources: from the prefetch (JSON null when nothing was found), else from fhirServer with "
                        + "fhirAuthorization (read access to those resource types for the patient).",
                version);
    }

    private static String unreadCodes(Map<String, ReadFailure> unread) {
        List<String> codes = new ArrayList<>();
        unread.forEach((key, failure) -> codes.add(key + ":" + failure.code()));
        return codes.toString();
    }

    @Override
    public ServiceDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public CdsResponse call(CdsRequest request, String patientId) {
        long started = System.nanoTime();
        RecordReader.Result read;
        try {
            String token = request.fhirAuthorization() == null ? null : request.fhirAuthorization().accessToken();
            read = records.read(patientId, request.prefetch(), request.fhirServer(), token);
        } catch (PrefetchReader.PrefetchException e) {
            throw CdsException.badRequest(e.getMessage());
        } catch (RecordReader.RecordUnavailableException e) {
            LOG.infof("service=%s hookInstance=%s outcome=unavailable millis=%d", ID, request.hookInstance(),
                    (System.nanoTime() - started) / 1_000_000);
            throw CdsException.dataUnavailable(e.getMessage());
        }
        ClinicalFacts facts = extractor.extract(read.record(), clock.today());
        Map<String, String> unread = new LinkedHashMap<>();
        read.unread().forEach((key, failure) -> unread.put(key, failure.words()));
        Decision decision = engine.decide(facts).incomplete(unread);
        List<Card> result = cards.patientView(decision, facts, request.contextString("userId"));
        // No patient data and no URLs: the hook instance, what was read, the outcome and the rules.
        LOG.infof("service=%s hookInstance=%s outcome=%s rules=%s data=%s%s fromServer=%s resources=%d millis=%d", ID,
                request.hookInstance(), decision.outcome(), decision.ruleIds(), read.complete() ? "complete" : "incomplete",
                read.complete() ? "" : " unread=" + unreadCodes(read.unread()), read.fromServer(), read.record().size(),
                (System.nanoTime() - started) / 1_000_000);
        return new CdsResponse(result);
    }
}
