package org.retrowalk.cds.audit;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What the audit trail keeps of one CDS call: who called which service, about which patient (as a keyed
 * hash), what the rules decided on how complete a record, which cards went back, and how long it took.
 * Fields the call did not reach (a refused request has no decision) are null.
 */
public record CallRecord(
        UUID callId,
        Instant receivedAt,
        String serviceId,
        String hook,
        String hookInstance,
        String patientHash,
        String client,
        String ruleSetVersion,
        int httpStatus,
        String outcome,
        List<String> rulesFired,
        Boolean dataComplete,
        List<String> unreadSources,
        long latencyMicros,
        List<CardRecord> cards,
        List<UnclassifiedCodes> unclassifiedCodes) {

    /** Coded facts of one resource type in one code system the service could not classify (no codes, no text). */
    public record UnclassifiedCodes(String resourceType, String system, int count) {}

    /** One card as shown: its uuid (which feedback names), indicator, the decision it carries, its suggestions. */
    public record CardRecord(UUID cardUuid, String indicator, String outcome, List<String> rules, List<String> suggestionUuids) {}
}
