package org.retrowalk.cds.clinical;

public enum Gender {
    MALE,
    FEMALE,
    OTHER_OR_UNKNOWN
}
