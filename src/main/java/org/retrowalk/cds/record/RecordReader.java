package org.retrowalk.cds.record;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.retrowalk.cds.config.FhirReadSettings;

/**
 * Assembles the patient's record: the prefetch first, then whatever it lacked from the EHR's FHIR server.
 * What could not be read is reported per prefetch key, so the decision can become more cautious.
 */
@Singleton
public class RecordReader {

    /**
     * Without these the service cannot tell whether the patient has knee OA at all, nor their age: no card
     * can be given, for or against (412).
     */
    static final Set<String> ESSENTIAL = Set.of("patient", "conditions");

    private final PrefetchReader prefetch;
    private final FhirServerReader server;
    private final FhirReadSettings settings;
    private final OwnSearches searches;

    @Inject
    public RecordReader(PrefetchReader prefetch, FhirServerReader server, FhirReadSettings settings, OwnSearches searches) {
        this.prefetch = prefetch;
        this.server = server;
        this.settings = settings;
        this.searches = searches;
    }

    /**
     * @param unread prefetch keys whose data could not be read, with why
     * @param fromServer prefetch keys read (wholly or in part) from the FHIR server
     * @param serverReadNanos how long the reads from the FHIR server took, all queries in parallel (0 when none was needed)
     */
    public record Result(PatientRecord record, Map<String, ReadFailure> unread, List<String> fromServer, long serverReadNanos) {
        public boolean complete() {
            return unread.isEmpty();
        }
    }

    /** The record cannot be had: 412. The message names the keys and why, never the patient or the token. */
    public static final class RecordUnavailableException extends RuntimeException {
        private final long serverReadNanos;

        public RecordUnavailableException(String message, long serverReadNanos) {
            super(message, null, false, false);
            this.serverReadNanos = serverReadNanos;
        }

        /** How long the FHIR server was read before the record was given up (0 when it was not asked). */
        public long serverReadNanos() {
            return serverReadNanos;
        }
    }

    public Result read(String patientId, Map<String, Resource> prefetched, String fhirServer, String accessToken) {
        long deadline = System.nanoTime() + settings.deadline().toNanos();
        PrefetchReader.Result given = prefetch.read(patientId, prefetched);
        List<RecordQuery> tasks = new ArrayList<>(given.notProvided());
        // A prefetch given in part (a next link) is read again whole with our own query and page size, rather than
        // continued at the EHR's page size or from a link that may name the server under another spelling.
        tasks.addAll(given.partial().keySet());
        if (tasks.isEmpty()) {
            return new Result(new PatientRecord(patientId, given.patient(), given.resources()), Map.of(), List.of(), 0);
        }
        if (fhirServer == null) {
            throw new RecordUnavailableException("Prefetch " + keys(tasks) + " was not provided (or only in part) and the request "
                    + "names no fhirServer to read it from.", 0);
        }

        FhirServerReader.Reads reads = server.read(fhirServer, accessToken, patientId, searches.of(tasks), deadline);
        Patient patient = given.patient();
        List<Resource> resources = new ArrayList<>(given.resources());
        Map<String, ReadFailure> unread = new LinkedHashMap<>();
        for (Map.Entry<RecordQuery, FhirServerReader.Outcome> entry : reads.outcomes().entrySet()) {
            if (entry.getValue() instanceof FhirServerReader.Read read) {
                if (read.patient() != null) {
                    patient = read.patient();
                }
                resources.addAll(read.resources());
            } else if (entry.getValue() instanceof FhirServerReader.Unread failed) {
                unread.put(entry.getKey().key(), failed.failure());
                // What the prefetch did give still counts: the record stays incomplete, and says so.
                resources.addAll(given.partial().getOrDefault(entry.getKey(), List.of()));
            }
        }
        List<String> essentialUnread = unread.keySet().stream().filter(ESSENTIAL::contains).toList();
        if (!essentialUnread.isEmpty()) {
            StringBuilder message = new StringBuilder("Could not read the patient's ");
            for (int i = 0; i < essentialUnread.size(); i++) {
                String key = essentialUnread.get(i);
                message.append(i == 0 ? "" : " or ").append(key.equals("patient") ? "demographics" : key)
                        .append(" (").append(key).append(": the FHIR server ").append(unread.get(key).words()).append(")");
            }
            throw new RecordUnavailableException(message + ", so no advice can be given.", reads.nanos());
        }
        return new Result(new PatientRecord(patientId, patient, resources), unread, keys(tasks), reads.nanos());
    }

    private static List<String> keys(List<RecordQuery> tasks) {
        return tasks.stream().map(RecordQuery::key).toList();
    }
}
