package org.retrowalk.cds.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/** One checked feedback entry (CDS Hooks Feedback): a card accepted with suggestions, or overridden. */
public record FeedbackEntry(
        UUID card,
        FeedbackOutcome outcome,
        Instant outcomeAt,
        List<UUID> acceptedSuggestions,
        String reasonSystem,
        String reasonCode,
        String reasonDisplay,
        String userComment) {

    /**
     * What makes two entries the same report of the same act: a client that sends an entry again (a retry,
     * a re-render) repeats all of these; a later, different act on the same card differs in one of them.
     */
    public String key() {
        String canonical = String.join("\u001f", card.toString(), outcome.code(), outcomeAt.toString(),
                acceptedSuggestions.stream().map(UUID::toString).sorted().reduce((a, b) -> a + "," + b).orElse(""),
                nullToEmpty(reasonSystem), nullToEmpty(reasonCode), nullToEmpty(userComment));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
