package org.retrowalk.cds.terminology;

/** The value sets the fact extraction needs, by their id in fhir-profiles/ValueSet. */
public enum ClinicalValueSet {
    KNEE_OA("knee-oa"),
    FALL("fall"),
    INJURY("injury"),
    SYNCOPE("syncope"),
    FRAILTY("frailty"),
    NEURO("neuro"),
    OSTEOPOROSIS("osteoporosis"),
    FRAGILITY_FRACTURE("fragility-fracture"),
    FRAGILITY_SITE_FRACTURE("fragility-site-fracture"),
    VISION("vision"),
    VESTIBULAR("vestibular"),
    NEUROPATHY("neuropathy"),
    COGNITIVE("cognitive"),
    JOINT_ARTHROPLASTY("joint-arthroplasty"),
    FRACTURE("fracture"),
    FRACTURE_LOWER_LIMB_SPINE("fracture-lower-limb-spine"),
    PREGNANCY("pregnancy"),
    PREGNANCY_STATUS("pregnancy-status"),
    ANSWER_PREGNANT("answer-pregnant"),
    MOBILITY_CANE("mobility-cane"),
    MOBILITY_WALKER("mobility-walker"),
    MOBILITY_WHEELCHAIR("mobility-wheelchair"),
    PAIN_NRS("pain-nrs"),
    FALLS_COUNT("falls-count"),
    KL_GRADE("kl-grade"),
    FEAR_OF_FALLING("fear-of-falling"),
    FEELS_UNSTEADY("feels-unsteady"),
    ANSWER_YES("answer-yes"),
    ANSWER_NO("answer-no"),
    KNEE_LEFT("knee-left"),
    KNEE_RIGHT("knee-right"),
    BACKWARD_WALKING_ORDER("backward-walking-order");

    private final String id;

    ClinicalValueSet(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
