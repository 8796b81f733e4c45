package org.retrowalk.cds.facts;

import java.time.LocalDate;

/**
 * One fracture in the record (section 5a): what it is, when (null: recorded without a date, so possibly recent), and
 * where: the lower limb, pelvis or spine (R17), a fragility site (hip, vertebra, pelvis, wrist or distal forearm,
 * proximal humerus); and whether the record names its cause (a condition-dueTo link: a recorded fall, or another
 * cause), so that no fall need be presumed. An event, so counted whatever its clinical status.
 */
public record Fracture(String id, String description, LocalDate date, boolean lowerLimbOrSpine, boolean fragilitySite, boolean causeRecorded) {

    /** "Fracture of ankle on 2026-10-02", or "... (no date recorded)". */
    public String describe() {
        return description + (date == null ? " (no date recorded)" : " on " + date);
    }
}
