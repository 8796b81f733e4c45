#!/usr/bin/env python3
"""Writes the definition (compose) and the offline expansion of every concept value set in fhir-profiles/ValueSet.

The definitions are the clinical specification's section 3a: SNOMED CT is-a roots, ICD-10 ranges as is-a
filters (evaluated offline by code prefix), ATC classes as is-a filters (prefix). SNOMED CT has no offline
hierarchy here, so each SNOMED root ships with an expansion: the codes the specification names, the
descendants known to be used by EHRs, and every code Synthea 3.3.0's modules can emit for the concept
(reviewed by hand: synthea-3.3.0-review.tsv beside this script lists each emitted code and where it went).
STOPPFall classes: ATC prefixes, RxNorm ingredients (also matched by name in text) and the clinical and
branded drugs containing them that Synthea emits.

Run from the repository root: python3 tools/terminology/build_value_sets.py
It needs nothing but Python 3; SyntheaCodeInventoryTest checks its output against the Synthea jar.
"""
import csv
import json
import os
import re

SCT = "http://snomed.info/sct"
ICD = "http://hl7.org/fhir/sid/icd-10-cm"
ATC = "http://www.whocc.no/atc"
RX = "http://www.nlm.nih.gov/research/umls/rxnorm"
CPT = "http://www.ama-assn.org/go/cpt"
PCS = "http://www.cms.gov/Medicare/Coding/ICD10"
LOINC = "http://loinc.org"
HERE = os.path.dirname(os.path.abspath(__file__))
VS_DIR = os.path.join(HERE, "..", "..", "fhir-profiles", "ValueSet")


def isa(system, *roots):
    return {"system": system, "filter": [{"property": "concept", "op": "is-a", "value": r} for r in roots]}


def concepts(system, pairs):
    return {"system": system, "concept": [{"code": c, "display": d} for c, d in pairs]}


def icd_range(first, last):
    """G60-G64 -> G60, G61, ... G64 (three-character categories)."""
    letter = first[0]
    return [f"{letter}{n:02d}" for n in range(int(first[1:]), int(last[1:]) + 1)]


# Each concept: description, SNOMED roots (is-a), extra SNOMED concepts outside the roots (deviations, all
# more inclusive, named in fhir-profiles/README.md), ICD-10 is-a prefixes, ICD exact codes, and the SNOMED
# descendants that make up the expansion (the roots themselves are added automatically).
CONCEPTS = {
    "knee-oa": dict(
        roots=[("239873007", "Osteoarthritis of knee")],
        icd=["M17"],
        descendants=[("1074341000119106", "Bilateral primary osteoarthritis of knee"),
                     ("112981000119107", "Post-traumatic osteoarthritis of knee"),
                     ("323321000119100", "Primary osteoarthritis of right knee"),
                     ("323301000119109", "Primary osteoarthritis of left knee"),
                     ("450521003", "Osteoarthritis of patellofemoral joint")]),
    "fall": dict(
        roots=[("1912002", "Fall"), ("161898004", "Falls")],
        extra=[("279992002", "Recurrent falls"), ("298344006", "Elderly fall")],
        icd=[f"W{n:02d}" for n in range(0, 20)],
        icd_exact=["Z91.81", "R29.6"],
        descendants=[("217082002", "Accidental fall")]),
    "injury": dict(
        roots=[("417163006", "Traumatic AND/OR non-traumatic injury"), ("125605004", "Fracture of bone")],
        icd=["S"] + icd_range("T00", "T14"),
        descendants=[
            ("359817006", "Closed fracture of hip"), ("5913000", "Fracture of neck of femur"),
            ("16114001", "Fracture of ankle"), ("65966004", "Fracture of forearm"), ("58150001", "Fracture of clavicle"),
            ("33737001", "Fracture of rib"), ("263102004", "Fracture subluxation of wrist"),
            ("263172003", "Fracture of mandible"), ("1734006", "Fracture of vertebral column with spinal cord injury"),
            ("15724005", "Fracture of vertebral column without spinal cord injury"),
            ("443165006", "Pathological fracture due to osteoporosis"),
            ("62106007", "Concussion with no loss of consciousness"), ("62564004", "Concussion with loss of consciousness"),
            ("110030002", "Concussion injury of brain"), ("127295002", "Traumatic brain injury"),
            ("275272006", "Brain damage - traumatic"), ("82271004", "Injury of head"),
            ("312608009", "Laceration - injury"), ("284549007", "Laceration of hand"), ("283385000", "Laceration of thigh"),
            ("283371005", "Laceration of forearm"), ("284551006", "Laceration of foot"), ("370247008", "Facial laceration"),
            ("384709000", "Sprain"), ("44465007", "Sprain of ankle"), ("70704007", "Sprain of wrist"),
            ("39848009", "Whiplash injury to neck"), ("90460009", "Injury of neck"), ("125601008", "Injury of knee"),
            ("444470001", "Injury of anterior cruciate ligament"), ("444448004", "Injury of medial collateral ligament of knee"),
            ("239720000", "Tear of meniscus of knee"), ("30832001", "Rupture of patellar tendon"),
            ("307731004", "Injury of tendon of the rotator cuff of shoulder"),
            ("157265008", "Dislocation of hip joint"), ("81629009", "Traumatic dislocation of temporomandibular joint"),
            ("262521009", "Traumatic injury of spinal cord and/or vertebral column"),
            ("86175003", "Injury of heart"), ("40095003", "Injury of kidney"),
            ("48333001", "Burn injury"), ("403190006", "Epidermal burn of skin"), ("403191005", "Second degree burn"),
            ("403192003", "Third degree burn"), ("262574004", "Bullet wound"), ("283545005", "Gunshot wound"),
            ("1255252008", "Resorption of alveolar process due to dental trauma"),
            ("55680006", "Drug overdose"), ("86849004", "Suicidal deliberate poisoning")]),
    "syncope": dict(roots=[("271594007", "Syncope")], icd_exact=["R55"]),
    "frailty": dict(roots=[("248279007", "Frailty")], icd_exact=["R54"]),
    "neuro": dict(
        roots=[("49049000", "Parkinson's disease"), ("230690007", "Cerebrovascular accident"), ("24700007", "Multiple sclerosis")],
        extra=[("128188000", "Cerebral palsy"), ("698754002", "Chronic paralysis due to lesion of spinal cord")],
        icd=["G20", "I63", "I69", "G35", "G80"], icd_exact=["Z86.73"]),
    "osteoporosis": dict(
        roots=[("64859006", "Osteoporosis")], icd=["M81", "M80"],
        extra=[("443165006", "Pathological fracture due to osteoporosis")]),
    "fragility-fracture": dict(
        roots=[("443165006", "Pathological fracture due to osteoporosis")], icd=["M80"]),
    "fragility-site-fracture": dict(
        roots=[("5913000", "Fracture of neck of femur")],
        extra=[("359817006", "Closed fracture of hip"), ("15724005", "Fracture of vertebral column without spinal cord injury"),
               ("1734006", "Fracture of vertebral column with spinal cord injury"), ("263102004", "Fracture subluxation of wrist"),
               ("65966004", "Fracture of forearm"), ("443165006", "Pathological fracture due to osteoporosis")],
        icd=["S72.0", "S72.1", "S72.2", "S12", "S22.0", "S32", "S42.2", "S52.5", "S52.6", "S62.1", "T08", "M48.5", "M80"]),
    "vision": dict(
        roots=[("397540003", "Visual impairment")], icd=["H54"],
        descendants=[("60951000119105", "Blindness due to type 2 diabetes mellitus")]),
    "vestibular": dict(
        roots=[("399153001", "Vertigo"), ("404640003", "Dizziness")], icd=["H81"], icd_exact=["R42"]),
    "neuropathy": dict(
        roots=[("302226006", "Peripheral nerve disease"), ("230572002", "Neuropathy due to diabetes mellitus")],
        icd=icd_range("G60", "G64") + ["E08.4", "E09.4", "E10.4", "E11.4", "E13.4"],
        descendants=[("368581000119106", "Neuropathy due to type 2 diabetes mellitus")]),
    "cognitive": dict(
        roots=[("52448006", "Dementia"), ("386806002", "Impaired cognition")],
        extra=[("110359009", "Intellectual disability")],
        icd=["F01", "F02", "F03", "G30", "F06.7", "G31.84"],
        descendants=[("26929004", "Alzheimer's disease"), ("230265002", "Familial Alzheimer's disease of early onset")]),
    "joint-arthroplasty": dict(
        roots=[("609588000", "Total knee replacement"), ("52734007", "Total replacement of hip")],
        icd=["Z96.64", "Z96.65"],
        pcs=["0SR9", "0SRA", "0SRB", "0SRC", "0SRD", "0SRE", "0SRR", "0SRS", "0SRT", "0SRU", "0SRV", "0SRW",
             "0SW9", "0SWB", "0SWC", "0SWD"],
        cpt=[("27125", "Hemiarthroplasty, hip, partial"), ("27130", "Arthroplasty, acetabular and proximal femoral prosthetic replacement (total hip arthroplasty)"),
             ("27132", "Conversion of previous hip surgery to total hip arthroplasty"), ("27134", "Revision of total hip arthroplasty; both components"),
             ("27137", "Revision of total hip arthroplasty; acetabular component only"), ("27138", "Revision of total hip arthroplasty; femoral component only"),
             ("27437", "Arthroplasty, patella; without prosthesis"), ("27438", "Arthroplasty, patella; with prosthesis"),
             ("27440", "Arthroplasty, knee, tibial plateau"), ("27441", "Arthroplasty, knee, tibial plateau; with debridement and partial synovectomy"),
             ("27442", "Arthroplasty, femoral condyles or tibial plateaus, knee"), ("27443", "Arthroplasty, femoral condyles or tibial plateaus, knee; with debridement and partial synovectomy"),
             ("27444", "Arthroplasty, knee (code in the range 27440-27447)"), ("27445", "Arthroplasty, knee, hinge prosthesis"),
             ("27446", "Arthroplasty, knee, condyle and plateau; medial or lateral compartment"),
             ("27447", "Arthroplasty, knee, condyle and plateau; medial and lateral compartments (total knee arthroplasty)"),
             ("27486", "Revision of total knee arthroplasty, 1 component"), ("27487", "Revision of total knee arthroplasty, femoral and entire tibial component")]),
    "fracture": dict(
        roots=[("125605004", "Fracture of bone")],
        icd=["S02", "S12", "S22", "S32", "S42", "S52", "S62", "S72", "S82", "S92", "T08", "M80", "M48.5", "M84.3", "M84.4", "M84.5", "M84.6"],
        descendants=[("359817006", "Closed fracture of hip"), ("5913000", "Fracture of neck of femur"), ("71620000", "Fracture of femur"),
                     ("16114001", "Fracture of ankle"), ("65966004", "Fracture of forearm"), ("58150001", "Fracture of clavicle"),
                     ("33737001", "Fracture of rib"), ("263102004", "Fracture subluxation of wrist"), ("263172003", "Fracture of mandible"),
                     ("1734006", "Fracture of vertebral column with spinal cord injury"),
                     ("15724005", "Fracture of vertebral column without spinal cord injury"),
                     ("443165006", "Pathological fracture due to osteoporosis")]),
    "fracture-lower-limb-spine": dict(
        extra=[("359817006", "Closed fracture of hip"), ("5913000", "Fracture of neck of femur"), ("71620000", "Fracture of femur"),
               ("16114001", "Fracture of ankle"), ("1734006", "Fracture of vertebral column with spinal cord injury"),
               ("15724005", "Fracture of vertebral column without spinal cord injury")],
        icd=["S72", "S82", "S92", "S32", "S12", "S22.0", "T08", "M48.5", "M80.05", "M80.06", "M80.07", "M80.08", "M80.85", "M80.86",
             "M80.87", "M80.88", "M84.35", "M84.36", "M84.37", "M84.45", "M84.46", "M84.47", "M84.55", "M84.56", "M84.57", "M84.58",
             "M84.65", "M84.66", "M84.67"]),
    "pregnancy": dict(
        roots=[("77386006", "Pregnancy")],
        extra=[("609496007", "Complication occurring during pregnancy")],
        icd=["O", "Z34"], icd_exact=["Z33.1"],
        descendants=[("72892002", "Normal pregnancy"), ("47200007", "High risk pregnancy"), ("79586000", "Tubal pregnancy")]),
    "mobility-cane": dict(
        roots=[("87405001", "Cane")], extra=[("363753007", "Crutches")]),
    "mobility-walker": dict(roots=[("705406009", "Walker")]),
    "mobility-wheelchair": dict(
        roots=[("58938008", "Wheelchair")],
        extra=[("705417005", "Wheelchair accessory")],
        descendants=[("228869008", "Manual wheelchair"), ("705427004", "Power-assisted wheelchair")]),
}

TITLES = {
    "fragility-site-fracture": ("FragilitySiteFracture", "Fracture at a fragility site",
                                "A fracture of the hip, vertebra, pelvis, wrist or distal forearm, or proximal humerus: a fragility fracture in a "
                                "patient with osteoporosis, and at 50 or over a presumed injurious fall when the record names no fall (section 5a)."),
    "joint-arthroplasty": ("JointArthroplasty", "Hip or knee arthroplasty",
                           "Total, partial (unicompartmental) or revision replacement of the hip or knee, in any system: SNOMED CT, ICD-10-PCS "
                           "replacement and revision of the hip and knee joints, CPT, and the ICD-10 presence of an artificial hip or knee "
                           "joint (R12, R13; section 5a)."),
    "fracture": ("Fracture", "Fracture of bone",
                 "Any fracture of bone, pathological and osteoporotic fractures included: SNOMED CT << 125605004, the ICD-10 fracture "
                 "category of each body region, T08, M80, M48.5, M84.3-M84.6 (section 5a)."),
    "fracture-lower-limb-spine": ("FractureLowerLimbSpine", "Fracture of the lower limb, pelvis or spine",
                                  "A fracture of the hip, pelvis, femur, knee, lower leg, ankle, foot or spine (R17; section 5a). Coded fractures "
                                  "outside this set are also read by the site words of their text."),
    "pregnancy": ("Pregnancy", "Pregnancy",
                  "Pregnancy: SNOMED CT << 77386006, ICD-10 O00-O9A, Z33.1, Z34 (R39; section 5a)."),
    "pregnancy-status": ("PregnancyStatus", "Pregnancy status observation", "LOINC 82810-3 Pregnancy status (R39)."),
    "answer-pregnant": ("AnswerPregnant", "Answer: pregnant", "The answers of a pregnancy-status observation that mean pregnant."),
}

# R38 (section 5a): anticoagulant classes, defined like the STOPPFall classes: ATC prefixes, RxNorm ingredients (their names
# and brand names matched as words in medication text), and the clinical drugs Synthea emits.
ANTICOAGULANTS = {
    "anticoagulant-vitamin-k-antagonists": ("AnticoagulantVitaminKAntagonists", "Anticoagulants: vitamin K antagonists", ["B01AA"],
                                            [("11289", "warfarin", ["Coumadin", "Jantoven"])]),
    "anticoagulant-direct-thrombin-inhibitors": ("AnticoagulantDirectThrombinInhibitors", "Anticoagulants: direct thrombin inhibitors", ["B01AE"],
                                                 [("1546356", "dabigatran", ["Pradaxa"])]),
    "anticoagulant-factor-xa-inhibitors": ("AnticoagulantFactorXaInhibitors", "Anticoagulants: factor Xa inhibitors", ["B01AF", "B01AX05"],
                                           [("1364430", "apixaban", ["Eliquis"]), ("1114195", "rivaroxaban", ["Xarelto"]),
                                            ("1599538", "edoxaban", ["Savaysa", "Lixiana"]), ("321208", "fondaparinux", ["Arixtra"])]),
    "anticoagulant-heparins": ("AnticoagulantHeparins", "Anticoagulants: heparins", ["B01AB"],
                               [("5224", "heparin", []), ("67108", "enoxaparin", ["Lovenox", "Clexane"]), ("67109", "dalteparin", ["Fragmin"]),
                                ("69528", "tinzaparin", ["Innohep"])]),
}

# STOPPFall classes: ATC prefixes and extra ingredients (RxNorm ingredient code, name).
STOPPFALL = {
    "stoppfall-benzodiazepines": (["N05BA", "N05CD", "N03AE"], [("6960", "midazolam")]),
    "stoppfall-z-drugs": (["N05CF"], []),
    "stoppfall-antipsychotics": (["N05AA", "N05AB", "N05AC", "N05AD", "N05AE", "N05AF", "N05AG", "N05AH", "N05AL", "N05AX"], []),
    "stoppfall-antidepressants": (["N06A"], []),
    "stoppfall-antiepileptics": (["N03A"], []),
    "stoppfall-opioids": (["N02A", "N07BC"], [("6754", "meperidine"), ("480", "alfentanil"), ("56795", "sufentanil"), ("73032", "remifentanil")]),
    "stoppfall-diuretics": (["C03"], []),
    "stoppfall-alpha-blockers-antihypertensive": (["C02CA"], []),
    "stoppfall-alpha-blockers-prostate": (["G04CA"], []),
    "stoppfall-centrally-acting-antihypertensives": (["C02A"], []),
    "stoppfall-vasodilators-cardiac": (["C01D"], [("6058", "isosorbide dinitrate")]),
    "stoppfall-sedating-antihistamines": (["R06AA", "R06AB", "R06AD", "R06AE", "N05BB01"], [("3640", "doxylamine")]),
    "stoppfall-overactive-bladder-anticholinergics": (["G04BD"], []),
}


# Brand names, matched as words in medication text like the ingredient names (section 3a: "ingredient or brand
# names in the code's display or text"); shipped as designations of the ingredient concepts.
BRANDS = {
 "stoppfall-benzodiazepines": {"diazepam": ["Valium"], "lorazepam": ["Ativan"], "alprazolam": ["Xanax"], "clonazepam": ["Klonopin"],
                               "temazepam": ["Restoril"], "chlordiazepoxide": ["Librium"], "midazolam": ["Versed"]},
 "stoppfall-z-drugs": {"zolpidem": ["Ambien"], "eszopiclone": ["Lunesta"], "zaleplon": ["Sonata"]},
 "stoppfall-antipsychotics": {"haloperidol": ["Haldol"], "quetiapine": ["Seroquel"], "olanzapine": ["Zyprexa"], "risperidone": ["Risperdal"],
                              "aripiprazole": ["Abilify"]},
 "stoppfall-antidepressants": {"amitriptyline": ["Elavil"], "nortriptyline": ["Pamelor"], "sertraline": ["Zoloft"], "citalopram": ["Celexa"],
                               "escitalopram": ["Lexapro"], "fluoxetine": ["Prozac"], "paroxetine": ["Paxil"], "venlafaxine": ["Effexor"],
                               "duloxetine": ["Cymbalta"], "mirtazapine": ["Remeron"], "trazodone": ["Desyrel"]},
 "stoppfall-antiepileptics": {"gabapentin": ["Neurontin"], "pregabalin": ["Lyrica"], "carbamazepine": ["Tegretol"], "phenytoin": ["Dilantin"],
                              "valproic acid": ["Depakote", "Depakene"], "levetiracetam": ["Keppra"], "lamotrigine": ["Lamictal"], "topiramate": ["Topamax"]},
 "stoppfall-opioids": {"morphine": ["MS Contin"], "oxycodone": ["OxyContin", "Percocet", "Roxicodone"], "hydrocodone": ["Vicodin", "Norco"],
                       "tramadol": ["Ultram"], "fentanyl": ["Duragesic"], "hydromorphone": ["Dilaudid"], "tapentadol": ["Nucynta"],
                       "methadone": ["Dolophine"], "buprenorphine": ["Subutex", "Suboxone"], "meperidine": ["Demerol"]},
 "stoppfall-diuretics": {"furosemide": ["Lasix"], "bumetanide": ["Bumex"], "torsemide": ["Demadex"], "spironolactone": ["Aldactone"],
                         "indapamide": ["Lozol"]},
 "stoppfall-alpha-blockers-antihypertensive": {"doxazosin": ["Cardura"], "prazosin": ["Minipress"], "terazosin": ["Hytrin"]},
 "stoppfall-alpha-blockers-prostate": {"tamsulosin": ["Flomax"], "alfuzosin": ["Uroxatral"]},
 "stoppfall-centrally-acting-antihypertensives": {"clonidine": ["Catapres"]},
 "stoppfall-vasodilators-cardiac": {"nitroglycerin": ["Nitrostat"], "isosorbide dinitrate": ["Isordil"]},
 "stoppfall-sedating-antihistamines": {"diphenhydramine": ["Benadryl"], "hydroxyzine": ["Atarax", "Vistaril"], "promethazine": ["Phenergan"],
                                       "doxylamine": ["Unisom"]},
 "stoppfall-overactive-bladder-anticholinergics": {"oxybutynin": ["Ditropan"], "tolterodine": ["Detrol"]},
}


def review():
    """Synthea's codes and where each went: a value set id, or 'not-relevant' with a reason."""
    rows = []
    with open(os.path.join(HERE, "synthea-3.3.0-review.tsv"), newline="") as f:
        for row in csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t"):
            rows.append(row)
    return rows


def write(vs_id, compose, expansion, description=None):
    path = os.path.join(VS_DIR, vs_id + ".json")
    vs = json.load(open(path)) if os.path.exists(path) and vs_id not in TITLES else {
        "resourceType": "ValueSet", "id": vs_id, "url": "http://retrowalk.org/fhir/ValueSet/" + vs_id, "version": "1.0.0",
        "name": TITLES[vs_id][0], "title": TITLES[vs_id][1], "status": "active", "experimental": False,
        "publisher": "retrowalk-cds", "description": TITLES[vs_id][2]}
    vs["version"] = "2.0.0"
    if description:
        vs["description"] = description
    vs["compose"] = {"include": compose}
    seen, contains = set(), []
    for system, code, display in expansion:
        if (system, code) not in seen:
            seen.add((system, code))
            contains.append({"system": system, "code": code, "display": display})
    vs["expansion"] = {"identifier": "http://retrowalk.org/fhir/ValueSet/" + vs_id + "/expansion/2.0.0", "timestamp": "2026-12-03T00:00:00Z", "total": len(contains),
                       "contains": contains}
    with open(path, "w") as f:
        json.dump(vs, f, indent=2, ensure_ascii=False)
        f.write("\n")


def main():
    rows = review()
    by_set = {}
    for row in rows:
        for target in row["classification"].split(","):
            by_set.setdefault(target.strip(), []).append(row)
    for vs_id, c in CONCEPTS.items():
        compose = []
        roots = c.get("roots", [])
        if roots:
            compose.append(isa(SCT, *[r for r, _ in roots]))
        if c.get("extra"):
            compose.append(concepts(SCT, c["extra"]))
        if c.get("icd"):
            compose.append(isa(ICD, *c["icd"]))
        if c.get("icd_exact"):
            compose.append(concepts(ICD, [(code, None) for code in c["icd_exact"]]))
        if c.get("pcs"):
            compose.append(isa(PCS, *c["pcs"]))
        if c.get("cpt"):
            compose.append(concepts(CPT, c["cpt"]))
        for inc in compose:
            for concept in inc.get("concept", []):
                if concept["display"] is None:
                    del concept["display"]
        expansion = [(SCT, code, display) for code, display in roots + c.get("extra", []) + c.get("descendants", [])]
        expansion += [(CPT, code, display) for code, display in c.get("cpt", [])]
        for row in by_set.get(vs_id, []):
            if row["system"] == SCT:
                expansion.append((SCT, row["code"], row["display"]))
        write(vs_id, compose, expansion)
    for vs_id, (name, title, atc, ingredients) in ANTICOAGULANTS.items():
        TITLES[vs_id] = (name, title, title + " (R38; section 5a). Definition: the ATC classes (is-a, matched by code prefix) and the"
                         " RxNorm ingredients, whose names and brand names (designations) are also matched as words in medication text."
                         " Expansion: the ingredients and the clinical drugs containing them that Synthea 3.3.0 emits.")
        rx = concepts(RX, [(code, ingredient) for code, ingredient, _ in ingredients])
        for concept, (_, _, brands) in zip(rx["concept"], ingredients):
            if brands:
                concept["designation"] = [{"use": {"system": SCT, "code": "900000000000013009", "display": "Synonym"}, "value": b}
                                          for b in brands]
        expansion = [(RX, code, ingredient) for code, ingredient, _ in ingredients]
        for row in by_set.get(vs_id, []):
            expansion.append((RX, row["code"], row["display"]))
        write(vs_id, [rx, isa(ATC, *atc)], expansion)
    write("pregnancy-status", [concepts(LOINC, [("82810-3", "Pregnancy status")])], [(LOINC, "82810-3", "Pregnancy status")])
    write("answer-pregnant", [concepts(LOINC, [("LA15173-0", "Pregnant")]), concepts(SCT, [("77386006", "Pregnant")])],
          [(LOINC, "LA15173-0", "Pregnant"), (SCT, "77386006", "Pregnant")])
    for vs_id, (atc, extra) in STOPPFALL.items():
        path = os.path.join(VS_DIR, vs_id + ".json")
        old = json.load(open(path))
        ingredients = [(c["code"], c["display"]) for inc in old["compose"]["include"] if inc["system"] == RX for c in inc.get("concept", [])]
        for code, name in extra:
            if code not in [i for i, _ in ingredients]:
                ingredients.append((code, name))
        compose = [concepts(RX, ingredients), isa(ATC, *atc)]
        for concept in compose[0]["concept"]:
            names = BRANDS.get(vs_id, {}).get(concept["display"], [])
            if names:
                concept["designation"] = [{"use": {"system": SCT, "code": "900000000000013009", "display": "Synonym"},
                                           "value": name} for name in names]
        expansion = [(RX, code, name) for code, name in ingredients]
        for row in by_set.get(vs_id, []):
            expansion.append((RX, row["code"], row["display"]))
        write(vs_id, compose, expansion,
              old["description"].split(" Concepts are")[0].split(" Definition:")[0] + " Definition: the ATC classes (is-a, matched by code prefix) and the"
              " RxNorm ingredients, whose names and brand names (designations) are also matched as words in medication text. Expansion: the ingredients and"
              " the clinical and branded drugs containing them that Synthea 3.3.0 emits.")


if __name__ == "__main__":
    main()
