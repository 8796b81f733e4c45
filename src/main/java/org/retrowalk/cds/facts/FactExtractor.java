package org.retrowalk.cds.facts;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.retrowalk.cds.parameters.ClinicalParameters;
import org.retrowalk.cds.record.PatientRecord;
import org.retrowalk.cds.terminology.RemoteTerminology;
import org.retrowalk.cds.terminology.Terminology;

/**
 * Turns a FHIR record into the facts of section 2 of the clinical specification, one concept reader at a time
 * (patient, fractures, falls, comorbidities, balance, knee OA, mobility, arthroplasty, pain, medications, pregnancy). The readers are
 * the only place that knows how FHIR expresses those facts; the rules see only the result. Where the record is
 * ambiguous, the reading chosen is the more cautious one, and the card is told (DataNote).
 */
@Singleton
public final class FactExtractor {

    private final Terminology terminology;
    private final ClinicalParameters parameters;
    private final BalanceReader balance;
    private final MedicationReader medications;

    @Inject
    public FactExtractor(Terminology terminology, ClinicalParameters parameters) {
        this.terminology = terminology;
        this.parameters = parameters;
        this.balance = new BalanceReader(new BalanceClassifier(parameters));
        this.medications = new MedicationReader(terminology, parameters);
    }

    public ClinicalFacts extract(PatientRecord record, LocalDate evaluationDate) {
        Optional<RemoteTerminology> remote = terminology.remote();
        if (remote.isEmpty()) {
            return extract(record, evaluationDate, null);
        }
        try (RemoteTerminology.Budget budget = remote.get().budget()) {
            return extract(record, evaluationDate, budget);
        }
    }

    private ClinicalFacts extract(PatientRecord record, LocalDate today, RemoteTerminology.Budget budget) {
        ReadingContext context = new ReadingContext(record, today, terminology, parameters);
        PatientProfile patient = PatientReader.read(context);
        context = context.withBirthDate(patient.getBirthDate());
        Fractures fractures = FractureReader.read(context);
        FallsReader.Falls falls = FallsReader.read(context, fractures, patient);
        Comorbidities comorbidities = ComorbiditiesReader.read(context, fractures);
        List<BalanceResult> balanceResults = balance.read(context, patient, falls);
        KneeOsteoarthritis kneeOa = KneeOaReader.read(context);
        Mobility mobility = MobilityReader.read(context);
        Arthroplasty arthroplasty = ArthroplastyReader.read(context);
        Optional<PainScore> pain = PainReader.read(context);
        MedicationReader.Found drugs = medications.read(context);
        Pregnancy pregnancy = PregnancyReader.read(context);
        if (budget != null && budget.unanswered() > 0) {
            context.note(DataNote.Kind.ASSUMED, "The terminology server did not answer in time about " + budget.unanswered()
                    + " code(s); they were judged by the shipped value sets only.");
        }
        return new ClinicalFacts(today, patient, kneeOa, falls.profile(), balanceResults, mobility, comorbidities, arthroplasty, pain,
                drugs.fallRiskDrugs(), fractures, drugs.anticoagulants(), pregnancy, context.notes(), new UnclassifiedCodes(terminology).count(record));
    }
}
