package org.retrowalk.cds.evaluation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.retrowalk.cds.cards.CardFactory;
import org.retrowalk.cds.cdshooks.CdsRequest;
import org.retrowalk.cds.cdshooks.CdsResponse;
import org.retrowalk.cds.cdshooks.ServiceDescriptor;
import org.retrowalk.cds.record.RecordQueries;

/** backward-walking-patient-view: a card for a knee-OA patient's chart. */
@ApplicationScoped
public class PatientViewService implements CdsService {

    public static final String ID = "backward-walking-patient-view";
    static final String USAGE_REQUIREMENTS = "Reads the patient's Patient, Condition, Observation (pain, falls, balance tests, KL grade), "
            + "active MedicationRequest and MedicationStatement, Device, DeviceUseStatement, knee-arthroplasty Procedure and "
            + "ServiceRequest resources: from the prefetch (JSON null when nothing was found), else from fhirServer with "
            + "fhirAuthorization (read access to those resource types for the patient).";

    private final PatientEvaluator evaluator;
    private final CardFactory cards;
    private final ServiceDescriptor descriptor;

    @Inject
    public PatientViewService(PatientEvaluator evaluator, RecordQueries queries, CardFactory cards,
                              @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version) {
        this.evaluator = evaluator;
        this.cards = cards;
        this.descriptor = new ServiceDescriptor("patient-view", ID,
                "Backward walking for knee osteoarthritis",
                "Advises whether backward walking can be added to a knee osteoarthritis patient's exercise therapy: recommended, "
                        + "recommended with named safety measures, advised against, or assess first; from falls, balance tests, age, "
                        + "osteoarthritis severity and risk modifiers. Decision support, not a substitute for clinical judgement.",
                queries.templates(), USAGE_REQUIREMENTS, version);
    }

    @Override
    public ServiceDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public Answer call(CdsRequest request, String patientId) {
        PatientEvaluator.Evaluation evaluation = evaluator.evaluate(ID, request, patientId);
        return new Answer(new CdsResponse(cards.patientView(evaluation.decision(), evaluation.facts(), request.contextString("userId"))), evaluation);
    }
}
