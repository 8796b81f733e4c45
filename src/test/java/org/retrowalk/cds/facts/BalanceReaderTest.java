package org.retrowalk.cds.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.retrowalk.cds.facts.FhirRecords.ASSESSMENT;
import static org.retrowalk.cds.facts.FhirRecords.ICD10CM;
import static org.retrowalk.cds.facts.FhirRecords.PARAMETERS;
import static org.retrowalk.cds.facts.FhirRecords.condition;
import static org.retrowalk.cds.facts.FhirRecords.context;
import static org.retrowalk.cds.facts.FhirRecords.observation;
import static org.retrowalk.cds.facts.FhirRecords.patient;
import static org.retrowalk.cds.facts.FhirRecords.quantity;
import static org.retrowalk.cds.facts.FhirRecords.row;
import static org.retrowalk.cds.facts.FhirRecords.status;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** How balance tests are read: the latest per test, classified, stale when old or not after the latest fall. */
class BalanceReaderTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                row("no balance test", ""),
                row("TUG 10 s: normal", "tug 10.0 NORMAL", tug("2026-10-01", 10, "s")),
                row("TUG 13 s: impaired", "tug 13.0 IMPAIRED", tug("2026-10-01", 13, "s")),
                row("TUG in minutes is converted", "tug 21.00 SEVERE", tug("2026-10-01", 0.35, "min")),
                row("the latest TUG counts", "tug 10.0 NORMAL", tug("2026-01-01", 14, "s"), tug("2026-10-01", 10, "s")),
                row("two TUGs at one moment: the more cautious", "tug 13.0 IMPAIRED (conflict)", tug("2026-10-01", 10, "s"), tug("2026-10-01", 13, "s")),
                row("a TUG older than 365 days is stale", "tug 10.0 NORMAL stale: older than 365 days", tug("2025-10-01", 10, "s")),
                row("a TUG before the latest fall is stale", "tug 10.0 NORMAL stale: done before the fall on 2026-10-05",
                        tug("2026-10-01", 10, "s"), condition(ICD10CM, "W19.XXXA", "2026-10-05")),
                row("a TUG the day of a fall, without times, is stale", "tug 10.0 NORMAL stale: not clearly done after the fall on 2026-10-05",
                        tug("2026-10-05", 10, "s"), condition(ICD10CM, "W19.XXXA", "2026-10-05")),
                row("a TUG after the fall is used", "tug 10.0 NORMAL", tug("2026-10-09", 10, "s"), condition(ICD10CM, "W19.XXXA", "2026-10-05")),
                row("a preliminary TUG is not used", "", status(tug("2026-10-01", 13, "s"), Observation.ObservationStatus.PRELIMINARY)),
                row("a TUG without a number is not used", "", observation(ASSESSMENT, "tug", "2026-10-01", null)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reads(String name, String expected, List<Resource> resources) {
        List<Resource> all = new java.util.ArrayList<>(resources);
        all.add(patient("1954-03-10", AdministrativeGender.FEMALE));
        ReadingContext context = context(all);
        PatientProfile patient = PatientReader.read(context);
        List<BalanceResult> results = new BalanceReader(new BalanceClassifier(PARAMETERS)).read(context, patient,
                FallsReader.read(context, FractureReader.read(context), patient));
        assertEquals(expected, results.stream().map(b -> b.getTest().code() + " " + b.getValue() + " " + b.getSeverity()
                + (b.isConflicting() ? " (conflict)" : "") + (b.isUsable() ? "" : " stale: " + b.getStaleReason())).collect(Collectors.joining("; ")));
    }

    private static Observation tug(String date, double value, String unit) {
        return observation(ASSESSMENT, "tug", date, quantity(value, unit));
    }
}
