package org.retrowalk.cds.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.retrowalk.cds.bench.Pipeline;
import org.retrowalk.cds.parameters.ClinicalParameters;
import org.retrowalk.cds.parameters.EvaluationClock;
import org.retrowalk.cds.parameters.ParametersConfiguration;

/** The service's own searches: per observation concept, bounded by the rules' windows as the parameters set them. */
class OwnSearchesTest {

    static final RecordQueries QUERIES = new RecordQueries(Pipeline.terminology());
    static final EvaluationClock CLOCK = new EvaluationClock(Optional.of("2026-11-21"), Optional.empty());

    static ClinicalParameters defaults() {
        return ParametersConfiguration.defaults();
    }

    static List<String> observationSearches(ClinicalParameters parameters) {
        return new OwnSearches(QUERIES, parameters, CLOCK).of(List.of(QUERIES.byKey("observations"))).get(QUERIES.byKey("observations"));
    }

    static String search(List<String> searches, String code) {
        return searches.stream().filter(s -> s.contains(code)).findFirst().orElseThrow(() -> new AssertionError(code + " in " + searches));
    }

    @Test
    void observationsAreSearchedPerConceptNewestFirstWithinTheRulesWindows() {
        List<String> searches = observationSearches(defaults());
        assertEquals(5, searches.size(), searches.toString());
        // pain: 90 days before 2026-11-21 is 2026-08-23, less the two-day margin
        assertTrue(search(searches, "72514-3").endsWith("&date=ge2026-08-21&_sort=-date"), searches.toString());
        // falls count and STEADI answers: 12 months
        String falls = search(searches, "52552-7");
        assertTrue(falls.contains("fear-of-falling") && falls.contains("feels-unsteady"), falls);
        assertTrue(falls.endsWith("&date=ge2025-11-19&_sort=-date"), falls);
        // balance tests are shown when stale, and KL grades have no window: not bounded
        assertFalse(search(searches, "|tug").contains("date="), searches.toString());
        assertFalse(search(searches, "kl-grade").contains("date="), searches.toString());
        // pregnancy status (R39): 10 months before 2026-11-21 is 2026-01-21, less the margin
        assertTrue(search(searches, "82810-3").endsWith("&date=ge2026-01-19&_sort=-date"), searches.toString());
        searches.forEach(s -> assertTrue(s.startsWith("Observation?patient={{context.patientId}}&code="), s));
    }

    @Test
    void theConceptsTogetherAskForEveryCodeOfThePrefetchTemplateAndNoOther() {
        Set<String> template = codes(QUERIES.byKey("observations").template());
        Set<String> concepts = observationSearches(defaults()).stream().flatMap(s -> codes(s).stream()).collect(Collectors.toSet());
        assertEquals(template, concepts);
    }

    @Test
    void theBoundsFollowTheParameters() {
        ClinicalParameters p = defaults();
        ClinicalParameters.Windows w = p.windows();
        ClinicalParameters shorter = new ClinicalParameters(p.ruleSet(), new ClinicalParameters.Windows(30, w.balanceWindowDays(), 6,
                w.fallInjuryDays(), w.arthroplastyWeeks(), w.fractureMonths(), w.pregnancyMonths(), w.futureToleranceDays()), p.age(),
                p.rules(), p.balance(), p.chairStandNorms(), p.prescription(), p.fallRiskDrugClasses(), p.anticoagulants(), p.orderChecks());
        List<String> searches = observationSearches(shorter);
        assertTrue(search(searches, "72514-3").contains("&date=ge2026-10-20&"), searches.toString());
        assertTrue(search(searches, "52552-7").contains("&date=ge2026-05-19&"), searches.toString());
    }

    @Test
    void otherQueriesAreTheirPrefetchTemplates() {
        Map<RecordQuery, List<String>> searches = new OwnSearches(QUERIES, defaults(), CLOCK).of(QUERIES.all());
        searches.forEach((query, urls) -> {
            if (!query.key().equals("observations") && !query.key().equals("procedures")) {
                assertEquals(List.of(query.template()), urls);
            }
        });
    }

    /**
     * Section 5a: procedures are asked for without a code list (no list follows the hip and knee replacement hierarchies,
     * the ICD-10-PCS and CPT ranges or a replacement named in words), in the prefetch and in our own search; our own is
     * bounded by the arthroplasty window instead (12 weeks before 2026-11-21 is 2026-08-29, less the margin).
     */
    @Test
    void proceduresAreAskedForWholeAndOurOwnSearchIsBoundedByDate() {
        RecordQuery procedures = QUERIES.byKey("procedures");
        assertEquals("Procedure?patient={{context.patientId}}", procedures.template());
        assertEquals("ServiceRequest?patient={{context.patientId}}&status=active,on-hold", QUERIES.byKey("serviceRequests").template());
        List<String> searches = new OwnSearches(QUERIES, defaults(), CLOCK).of(List.of(procedures)).get(procedures);
        assertEquals(List.of("Procedure?patient={{context.patientId}}&date=ge2026-08-27&_sort=-date"), searches);
    }

    private static Set<String> codes(String search) {
        String codes = Arrays.stream(search.substring(search.indexOf('?') + 1).split("&"))
                .filter(p -> p.startsWith("code=")).findFirst().orElseThrow().substring(5);
        return Set.of(codes.split(","));
    }
}
