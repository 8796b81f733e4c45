package org.retrowalk.cds.facts;

public enum Gender {
    MALE,
    FEMALE,
    OTHER_OR_UNKNOWN
}
