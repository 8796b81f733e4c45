package org.retrowalk.cds.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.retrowalk.cds.facts.FhirRecords.LOINC;
import static org.retrowalk.cds.facts.FhirRecords.context;
import static org.retrowalk.cds.facts.FhirRecords.integer;
import static org.retrowalk.cds.facts.FhirRecords.observation;
import static org.retrowalk.cds.facts.FhirRecords.row;
import static org.retrowalk.cds.facts.FhirRecords.status;

import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** How the pain score is read (90 days before 2026-11-21 is 2026-08-23). */
class PainReaderTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                row("none", "none"),
                row("the latest in the window", "4 on 2026-11-01", pain("2026-10-01", 8), pain("2026-11-01", 4)),
                row("older than 90 days", "none", pain("2026-08-01", 8)),
                row("two scores at one moment: the highest", "7 on 2026-11-01", pain("2026-11-01", 3), pain("2026-11-01", 7)),
                row("a high score dated by month, partly in the window, counts", "8 on 2026-08-01", pain("2026-08", 8)),
                row("a low score dated by month, partly in the window, does not", "none", pain("2026-08", 3)),
                row("11 is not a score", "none", pain("2026-11-01", 11)),
                row("a score dated after today (beyond the tolerance) is not used", "none", pain("2027-01-01", 8)),
                row("an amended score counts", "6 on 2026-11-01", status(pain("2026-11-01", 6), Observation.ObservationStatus.AMENDED)),
                row("a cancelled score does not", "none", status(pain("2026-11-01", 6), Observation.ObservationStatus.CANCELLED)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reads(String name, String expected, List<Resource> resources) {
        assertEquals(expected, PainReader.read(context(resources)).map(p -> p.getNrs() + " on " + p.getDate()).orElse("none"));
    }

    private static Observation pain(String date, int nrs) {
        return observation(LOINC, "72514-3", date, integer(nrs));
    }
}
