package org.retrowalk.cds.audit;

import java.util.Arrays;
import java.util.Optional;

/** What a clinician did with a card (CDS Hooks Feedback): accepted a suggestion, or overrode the card. */
public enum FeedbackOutcome {
    ACCEPTED,
    OVERRIDDEN;

    /** The value on the wire and in the database. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Optional<FeedbackOutcome> of(String code) {
        return Arrays.stream(values()).filter(o -> o.code().equals(code)).findFirst();
    }
}
