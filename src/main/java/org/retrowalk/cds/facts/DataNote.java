package org.retrowalk.cds.facts;

/** Something about the record the clinician should know: a conflict, a stale or an ignored result. */
public record DataNote(Kind kind, String text) {
    public enum Kind {
        CONFLICT,
        STALE,
        IGNORED,
        ASSUMED,
        /** A concept recognised from words, not from a code (section 3a): only ever more cautious. */
        FROM_TEXT
    }
}
