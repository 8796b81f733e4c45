package org.retrowalk.cds.cdshooks;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
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
import org.retrowalk.cds.fhir.RecordQueries;

/** backward-walking-patient-view: a card for a knee-OA patient's chart. */
@ApplicationScoped
public class PatientViewService implements CdsService {

    public static final String ID = "backward-walking-patient-view";
    private static final Logger LOG = Logger.getLogger(PatientViewService.class);

    private final PrefetchReader prefetch;
    private final FactExtractor extractor;
    private final DecisionEngine engine;
    private final CardFactory cards;
    private final EvaluationClock clock;
    private final ServiceDescriptor descriptor;

    @Inject
    public PatientViewService(PrefetchReader prefetch, RecordQueries queries, FactExtractor extractor, DecisionEngine engine,
                              CardFactory cards, EvaluationClock clock,
                              @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version) {
        this.prefetch = prefetch;
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
                "Needs the patient's Patient, Condition, Observation (pain, falls, balance tests, KL grade), active "
                        + "MedicationRequest and MedicationStatement, Device, DeviceUseStatement, knee-arthroplasty Procedure and "
                        + "ServiceRequest resources: every prefetch key filled (JSON null when nothing was found).",
                version);
    }

    @Override
    public ServiceDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public CdsResponse call(CdsRequest request, String patientId) {
        long started = System.nanoTime();
        PrefetchReader.Result read;
        try {
            read = prefetch.read(patientId, request.prefetch());
        } catch (PrefetchReader.PrefetchException e) {
            throw CdsException.badRequest(e.getMessage());
        }
        if (!read.notProvided().isEmpty()) {
            throw CdsException.dataUnavailable("Prefetch " + read.notProvided() + " was not provided and this version does not read "
                    + "it from fhirServer: send every prefetch key (JSON null where nothing was found).");
        }
        ClinicalFacts facts = extractor.extract(read.record(), clock.today());
        Decision decision = engine.decide(facts);
        List<Card> result = cards.patientView(decision, facts, request.contextString("userId"));
        // No patient data: the hook instance, the outcome and the rules are what operators need.
        LOG.infof("service=%s hookInstance=%s outcome=%s rules=%s resources=%d millis=%d", ID, request.hookInstance(),
                decision.outcome(), decision.ruleIds(), read.record().size(), (System.nanoTime() - started) / 1_000_000);
        return new CdsResponse(result);
    }
}
