package org.retrowalk.cds.record;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.retrowalk.cds.parameters.ClinicalParameters;
import org.retrowalk.cds.parameters.EvaluationClock;

/**
 * The searches the service runs itself when it reads part of a record from fhirServer. A prefetch template must
 * ask for everything (CDS Hooks prefetch tokens cannot name a date), but our own queries ask only for what the
 * rules read: observations per concept, newest first, bounded by the rule's window where there is one, so that a
 * long chart fits one page of each search; procedures by the arthroplasty window (the only procedures the rules read;
 * a procedure recorded without a date is not found this way, and docs/api.md says so). That matters on HAPI's JPA server, which makes a client wait about
 * half a second for each follow-on page of a new search: three of them miss the deadline.
 *
 * <p>A bound starts two days before the window, so that no server's time zone can cut a result the rules would
 * count; the facts keep to the window themselves. Balance tests are not bounded: one older than its window is
 * still shown on the card. A result dated only by {@code issued} is not found by a date search on any server;
 * docs/operations.md says so.
 */
@Singleton
public class OwnSearches {

    static final int MARGIN_DAYS = 2;
    private static final String PATIENT = "{{context.patientId}}";

    private final RecordQueries queries;
    private final ClinicalParameters.Windows windows;
    private final EvaluationClock clock;

    @Inject
    public OwnSearches(RecordQueries queries, ClinicalParameters parameters, EvaluationClock clock) {
        this.queries = queries;
        this.windows = parameters.windows();
        this.clock = clock;
    }

    /** For each query, the searches (with the {{context.patientId}} token) that read it, all run at once. */
    public Map<RecordQuery, List<String>> of(List<RecordQuery> wanted) {
        Map<RecordQuery, List<String>> searches = new LinkedHashMap<>();
        LocalDate today = clock.today();
        for (RecordQuery query : wanted) {
            searches.put(query, switch (query.key()) {
                case "observations" -> observations(today);
                case "procedures" -> List.of(query.template() + "&date=ge"
                        + today.minusWeeks(windows.arthroplastyWeeks()).minusDays(MARGIN_DAYS) + "&_sort=-date");
                default -> List.of(query.template());
            });
        }
        return searches;
    }

    private List<String> observations(LocalDate today) {
        return queries.observationConcepts().stream().map(concept -> {
            StringBuilder search = new StringBuilder("Observation?patient=" + PATIENT + "&code=" + String.join(",", concept.tokens()));
            LocalDate from = switch (concept.window()) {
                case PAIN -> today.minusDays(windows.painWindowDays());
                case FALLS -> today.minusMonths(windows.fallWindowMonths());
                case PREGNANCY -> today.minusMonths(windows.pregnancyMonths());
                case NONE -> null;
            };
            if (from != null) {
                search.append("&date=ge").append(from.minusDays(MARGIN_DAYS));
            }
            return search.append("&_sort=-date").toString();
        }).toList();
    }
}
