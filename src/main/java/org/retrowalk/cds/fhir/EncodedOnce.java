package org.retrowalk.cds.fhir;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Base;

/**
 * HAPI's JSON for resources the service writes again and again, encoded once per shape. The suggested orders
 * of a card differ from one patient to the next only in a few strings (the patient's id, the requester, the
 * diagnosis), yet HAPI's encoder walking each one was a fifth of the cost of a patient-view answer. Here a
 * resource of a given shape is encoded once with markers where those strings go; every later one of that
 * shape is the template with its strings put in, JSON-escaped. The resource itself is still built in full
 * (code that reads it sees every element); {@link FhirJacksonModule} writes its JSON from the template.
 * <p>
 * A value that does not look like what the slot holds (an id that is not a FHIR id) is not templated: that
 * resource is encoded by HAPI as usual. EncodedOnceTest checks the templates against HAPI's own encoding for
 * every card of the clinical cases.
 */
public final class EncodedOnce {

    /** The user-data key under which a resource carries its JSON (HAPI never encodes user data). */
    public static final String JSON = "retrowalk.json";
    private static final Pattern MARKER = Pattern.compile("@@slot(\\d+)@@");
    /** Shapes are few (outcome, safety measures, dose); past this many something varies that should not. */
    private static final int MAX_SHAPES = 2048;

    private final Map<String, Template> templates = new ConcurrentHashMap<>();

    /**
     * A shape's JSON cut at its markers, once: {@code literals[i]} comes before the value of slot {@code slots[i]},
     * and the last literal ends it. Filling it is then appends, with no search through the JSON on every call.
     */
    private record Template(String[] literals, int[] slots, int length) {
        static Template of(String json) {
            List<String> literals = new ArrayList<>();
            List<Integer> slots = new ArrayList<>();
            Matcher m = MARKER.matcher(json);
            int last = 0;
            while (m.find()) {
                literals.add(json.substring(last, m.start()));
                slots.add(Integer.parseInt(m.group(1)));
                last = m.end();
            }
            literals.add(json.substring(last));
            return new Template(literals.toArray(String[]::new), slots.stream().mapToInt(Integer::intValue).toArray(), json.length());
        }
    }

    /** A string put into a template: a FHIR id, or free text. */
    public record Slot(String value, boolean id) {
        public static Slot id(String value) {
            return new Slot(value, true);
        }

        public static Slot text(String value) {
            return new Slot(value, false);
        }
    }

    /**
     * Attaches the JSON of {@code resource} to it, from the template of its shape. {@code build} builds a
     * resource of that shape from slot values, the same way {@code resource} was built from {@code slots}'
     * values; a null slot is passed as null (and is part of the shape).
     */
    public <T extends IBaseResource> T attach(T resource, String shape, List<Slot> slots, Function<List<String>, IBaseResource> build) {
        StringBuilder key = new StringBuilder(shape).append('|');
        List<String> markers = new ArrayList<>(slots.size());
        for (int i = 0; i < slots.size(); i++) {
            Slot slot = slots.get(i);
            if (slot.value() != null && slot.id() && !References.isId(slot.value())) {
                return resource;
            }
            key.append(slot.value() == null ? '0' : '1');
            markers.add(slot.value() == null ? null : "@@slot" + i + "@@");
        }
        String shapeKey = key.toString();
        Template template = templates.get(shapeKey);
        if (template == null) {
            if (templates.size() >= MAX_SHAPES) {
                return resource;
            }
            template = Template.of(FhirContextProducer.jsonParser().encodeResourceToString(build.apply(markers)));
            templates.put(shapeKey, template);
        }
        ((Base) resource).setUserData(JSON, fill(template, slots));
        return resource;
    }

    /** The literals with the slots' values between them: a value that happens to contain a marker stays as it is. */
    private static String fill(Template template, List<Slot> slots) {
        StringBuilder out = new StringBuilder(template.length() + 64);
        JsonStringEncoder encoder = JsonStringEncoder.getInstance();
        String[] literals = template.literals();
        int[] slotAt = template.slots();
        for (int i = 0; i < slotAt.length; i++) {
            out.append(literals[i]);
            encoder.quoteAsString(slots.get(slotAt[i]).value(), out);
        }
        return out.append(literals[literals.length - 1]).toString();
    }

    /** The JSON attached to a resource, if any. */
    static String json(IBaseResource resource) {
        return resource instanceof Base base && base.getUserData(JSON) instanceof String json ? json : null;
    }
}
