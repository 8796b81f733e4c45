package org.retrowalk.cds.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.retrowalk.cds.audit.FeedbackEntry;
import org.retrowalk.cds.audit.FeedbackOutcome;
import org.retrowalk.cds.platform.CdsException;
import org.retrowalk.cds.platform.Uuids;
import org.retrowalk.cds.terminology.Terminology;

/**
 * The CDS Hooks feedback body, checked: {"feedback": [ ... ]}, each entry with a card uuid, an outcome,
 * accepted suggestions for "accepted", an optional override reason for "overridden", and an ISO-8601
 * outcomeTimestamp with a zone. A body with any bad entry is refused whole, naming the entry and the field.
 */
final class FeedbackChecks {

    static final int MAX_ENTRIES = 100;
    static final int MAX_COMMENT = 2000;
    static final int MAX_TEXT = 255;

    private final Terminology terminology;

    FeedbackChecks(Terminology terminology) {
        this.terminology = terminology;
    }

    List<FeedbackEntry> check(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw CdsException.badRequest("The feedback body must be a JSON object {\"feedback\": [...]}.");
        }
        JsonNode entries = body.get("feedback");
        if (entries == null || !entries.isArray()) {
            throw CdsException.badRequest("Field 'feedback' must be an array of feedback entries.");
        }
        if (entries.isEmpty()) {
            throw CdsException.badRequest("Field 'feedback' is empty.");
        }
        if (entries.size() > MAX_ENTRIES) {
            throw CdsException.badRequest("Field 'feedback' has more than " + MAX_ENTRIES + " entries; send them in several requests.");
        }
        List<FeedbackEntry> checked = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            checked.add(entry(entries.get(i), "feedback[" + i + "]"));
        }
        return checked;
    }

    private FeedbackEntry entry(JsonNode entry, String at) {
        if (!entry.isObject()) {
            throw bad(at, "must be a JSON object");
        }
        UUID card = uuid(entry.get("card"), at + ".card");
        FeedbackOutcome outcome = FeedbackOutcome.of(text(entry.get("outcome"), at + ".outcome"))
                .orElseThrow(() -> bad(at + ".outcome", "must be 'accepted' or 'overridden'"));
        Instant outcomeAt = timestamp(entry.get("outcomeTimestamp"), at + ".outcomeTimestamp");
        JsonNode suggestions = entry.get("acceptedSuggestions");
        JsonNode overrideReason = entry.get("overrideReason");
        List<UUID> accepted = new ArrayList<>();
        if (outcome == FeedbackOutcome.ACCEPTED) {
            if (suggestions == null || !suggestions.isArray() || suggestions.isEmpty()) {
                throw bad(at + ".acceptedSuggestions", "is required for an accepted card: a non-empty array of {\"id\": suggestion uuid}");
            }
            if (present(overrideReason)) {
                throw bad(at + ".overrideReason", "belongs to an overridden card, not an accepted one");
            }
            for (int i = 0; i < suggestions.size(); i++) {
                JsonNode suggestion = suggestions.get(i);
                String where = at + ".acceptedSuggestions[" + i + "]";
                if (!suggestion.isObject()) {
                    throw bad(where, "must be an object {\"id\": suggestion uuid}");
                }
                accepted.add(uuid(suggestion.get("id"), where + ".id"));
            }
            return new FeedbackEntry(card, outcome, outcomeAt, List.copyOf(accepted), null, null, null, null);
        }
        if (suggestions != null && !(suggestions.isArray() && suggestions.isEmpty()) && !suggestions.isNull()) {
            throw bad(at + ".acceptedSuggestions", "belongs to an accepted card, not an overridden one");
        }
        if (!present(overrideReason)) {
            return new FeedbackEntry(card, outcome, outcomeAt, List.of(), null, null, null, null);
        }
        if (!overrideReason.isObject()) {
            throw bad(at + ".overrideReason", "must be an object with 'reason' (a Coding) and/or 'userComment'");
        }
        String system = null;
        String code = null;
        String display = null;
        JsonNode reason = overrideReason.get("reason");
        if (present(reason)) {
            if (!reason.isObject()) {
                throw bad(at + ".overrideReason.reason", "must be a Coding {system, code, display}");
            }
            system = bounded(text(reason.get("system"), at + ".overrideReason.reason.system"), MAX_TEXT, at + ".overrideReason.reason.system");
            code = bounded(text(reason.get("code"), at + ".overrideReason.reason.code"), 64, at + ".overrideReason.reason.code");
            if (present(reason.get("display"))) {
                display = bounded(text(reason.get("display"), at + ".overrideReason.reason.display"), MAX_TEXT, at + ".overrideReason.reason.display");
            }
            if (system.equals(Terminology.OVERRIDE_REASON_SYSTEM)) {
                try {
                    display = terminology.display("override-reason", code);
                } catch (IllegalArgumentException unknown) {
                    throw bad(at + ".overrideReason.reason.code", "is not one of the override reasons this service offers");
                }
            }
        }
        String comment = null;
        if (present(overrideReason.get("userComment"))) {
            comment = bounded(text(overrideReason.get("userComment"), at + ".overrideReason.userComment"), MAX_COMMENT,
                    at + ".overrideReason.userComment");
        }
        return new FeedbackEntry(card, outcome, outcomeAt, List.of(), system, code, display, comment);
    }

    private static boolean present(JsonNode node) {
        return node != null && !node.isNull();
    }

    private static String text(JsonNode node, String at) {
        if (node == null || node.isNull()) {
            throw bad(at, "is required");
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            throw bad(at, "must be a non-empty string");
        }
        return node.asText();
    }

    private static String bounded(String value, int max, String at) {
        if (value.length() > max) {
            throw bad(at, "is longer than " + max + " characters");
        }
        return value;
    }

    private static UUID uuid(JsonNode node, String at) {
        String value = text(node, at);
        if (!Uuids.isUuid(value)) {
            throw bad(at, "must be the uuid of a card or suggestion this service returned");
        }
        return UUID.fromString(value);
    }

    private static Instant timestamp(JsonNode node, String at) {
        String value = text(node, at);
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw bad(at, "must be an ISO-8601 date and time with a zone, such as 2026-11-21T14:03:00Z");
        }
    }

    private static CdsException bad(String at, String problem) {
        return CdsException.badRequest("Field '" + at + "' " + problem + ".");
    }
}
