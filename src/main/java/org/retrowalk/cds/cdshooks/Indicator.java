package org.retrowalk.cds.cdshooks;

import com.fasterxml.jackson.annotation.JsonValue;

/** A card's urgency (CDS Hooks 2.0: info, warning, critical), in the order of increasing urgency. */
public enum Indicator {
    INFO,
    WARNING,
    CRITICAL;

    /** The value on the wire and in the audit trail. */
    @JsonValue
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
