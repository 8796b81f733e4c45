package org.retrowalk.cds.evaluation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.retrowalk.cds.audit.AuditTrail;
import org.retrowalk.cds.audit.CallRecord;
import org.retrowalk.cds.audit.PatientHasher;
import org.retrowalk.cds.cards.CardFactory;
import org.retrowalk.cds.cdshooks.Card;
import org.retrowalk.cds.cdshooks.CdsRequest;
import org.retrowalk.cds.cdshooks.Suggestion;
import org.retrowalk.cds.decision.Decision;
import org.retrowalk.cds.decision.RuleSet;
import org.retrowalk.cds.platform.ServiceMetrics;
import org.retrowalk.cds.platform.Uuids;

/**
 * Turns a service call into its audit record, and its metrics from the same record. Only what governance
 * needs and nothing that identifies anyone: the patient as a keyed hash, the caller as the operator's name
 * for its issuer, no token, no record content, no free text from the request.
 */
@ApplicationScoped
public class CallAudit {

    private static final Pattern HOOK = Pattern.compile("[a-z0-9.-]{1,64}");

    private final AuditTrail trail;
    private final PatientHasher hasher;
    private final RuleSet rules;
    private final ServiceMetrics metrics;

    @Inject
    public CallAudit(AuditTrail trail, PatientHasher hasher, RuleSet rules, ServiceMetrics metrics) {
        this.trail = trail;
        this.metrics = metrics;
        this.hasher = hasher;
        this.rules = rules;
    }

    public void answered(String serviceId, CdsRequest request, String patientId, CdsService.Answer answer, String client, long startedNanos) {
        Decision decision = answer.evaluation() == null ? null : answer.evaluation().decision();
        List<CallRecord.CardRecord> cards = answer.response().cards().stream().map(CallAudit::card).toList();
        record(new CallRecord(Uuids.timeOrdered(), Instant.now(), serviceId, request.hook(), request.hookInstance(), hasher.hash(patientId),
                client, decision == null ? rules.version() : decision.ruleSetVersion(), 200,
                decision == null ? null : decision.outcome().name(), decision == null ? List.of() : decision.ruleIds(),
                decision == null ? null : decision.dataComplete(),
                decision == null ? List.of() : decision.unreadSources().keySet().stream().sorted().toList(),
                micros(startedNanos), cards, answer.evaluation() == null ? List.of() : answer.evaluation().facts().unclassifiedCodes().stream()
                        .map(u -> new CallRecord.UnclassifiedCodes(u.resourceType(), u.system(), u.count())).toList()));
    }

    /** A call answered with an error: what was known of it when it stopped. */
    public void refused(String serviceId, CdsRequest request, String patientId, int status, String client, long startedNanos) {
        String hook = request != null && request.hook() != null && HOOK.matcher(request.hook()).matches() ? request.hook() : null;
        String hookInstance = request != null && request.hookInstance() != null && Uuids.isUuid(request.hookInstance()) ? request.hookInstance() : null;
        record(new CallRecord(Uuids.timeOrdered(), Instant.now(), serviceId, hook, hookInstance, hasher.hash(patientId), client,
                rules.version(), status, null, List.of(), null, List.of(), micros(startedNanos), List.of(), List.of()));
    }

    private void record(CallRecord call) {
        trail.record(call);
        metrics.called(new ServiceMetrics.Call(call.serviceId(), call.hook(), call.httpStatus(), call.outcome(), call.latencyMicros(),
                call.cards().stream().map(CallRecord.CardRecord::outcome).toList(), call.rulesFired(),
                call.unclassifiedCodes().stream().map(u -> new ServiceMetrics.Unclassified(u.resourceType(), u.system(), u.count())).toList()));
    }

    private static CallRecord.CardRecord card(Card card) {
        Object extension = card.extension() == null ? null : card.extension().get(CardFactory.EXTENSION_KEY);
        String outcome = extension instanceof CardFactory.DecisionExtension decision ? decision.outcome() : "UNKNOWN";
        List<String> ruleIds = extension instanceof CardFactory.DecisionExtension decision ? decision.rules().stream().distinct().toList() : List.of();
        List<String> suggestions = card.suggestions() == null ? List.of() : card.suggestions().stream().map(Suggestion::uuid).toList();
        return new CallRecord.CardRecord(UUID.fromString(card.uuid()), card.indicator().code(), outcome, ruleIds, suggestions);
    }

    private static long micros(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000;
    }
}
