package org.retrowalk.cds.facts;

import static org.retrowalk.cds.terminology.ClinicalValueSet.MOBILITY_CANE;
import static org.retrowalk.cds.terminology.ClinicalValueSet.MOBILITY_WALKER;
import static org.retrowalk.cds.terminology.ClinicalValueSet.MOBILITY_WHEELCHAIR;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.DeviceUseStatement;
import org.hl7.fhir.r4.model.Reference;
import org.retrowalk.cds.terminology.TextConcept;

/**
 * Walking aids from Device and DeviceUseStatement. A statement's device may be a reference into the record, a
 * contained Device, or only a display; a Device counts by its type's codes, else by the words of its type, names
 * and narrative (section 3a: text only ever adds an aid).
 */
final class MobilityReader {

    private MobilityReader() {
    }

    static Mobility read(ReadingContext context) {
        Set<MobilityAid> aids = EnumSet.noneOf(MobilityAid.class);
        for (Device d : context.record.all(Device.class)) {
            if (d.getStatus() != Device.FHIRDeviceStatus.INACTIVE && d.getStatus() != Device.FHIRDeviceStatus.ENTEREDINERROR) {
                aids.add(aidOf(context, d));
            }
        }
        for (DeviceUseStatement s : context.record.all(DeviceUseStatement.class)) {
            if (s.getStatus() != DeviceUseStatement.DeviceUseStatementStatus.ACTIVE || !s.hasDevice()) {
                continue;
            }
            Reference ref = s.getDevice();
            Optional<Device> device = ref.getResource() instanceof Device d ? Optional.of(d)
                    : ReadingContext.contained(s, ref.getReference(), Device.class);
            if (device.isEmpty()) {
                device = context.record.device(ref.getReference());
            }
            if (device.isPresent()) {
                aids.add(aidOf(context, device.get()));
            } else if (ref.hasDisplay()) {
                aids.add(aidFromWords(context, List.of(ref.getDisplay())));
            }
        }
        return new Mobility(aids);
    }

    private static MobilityAid aidOf(ReadingContext context, Device device) {
        CodeableConcept type = device.getType();
        if (context.codes(MOBILITY_WHEELCHAIR).contains(type)) {
            return MobilityAid.WHEELCHAIR;
        }
        if (context.codes(MOBILITY_WALKER).contains(type)) {
            return MobilityAid.WALKER;
        }
        if (context.codes(MOBILITY_CANE).contains(type)) {
            return MobilityAid.CANE;
        }
        List<String> words = new ArrayList<>();
        words.add(type.getText());
        type.getCoding().forEach(c -> words.add(c.getDisplay()));
        device.getDeviceName().forEach(n -> words.add(n.getName()));
        MobilityAid aid = aidFromWords(context, words);
        // The narrative last: it is the costliest to read and usually says what the type already said.
        return aid == MobilityAid.NONE && device.hasText() && device.getText().hasDiv()
                ? aidFromWords(context, List.of(device.getText().getDiv().allText())) : aid;
    }

    /** The most restrictive aid named in the words: a wheelchair before a walker before a cane. */
    private static MobilityAid aidFromWords(ReadingContext context, List<String> words) {
        for (TextConcept concept : List.of(TextConcept.WHEELCHAIR, TextConcept.WALKER, TextConcept.CANE)) {
            for (String text : words) {
                Optional<String> found = context.terminology.text().foundIn(concept, text);
                if (found.isPresent()) {
                    context.fromText(concept, found.get());
                    return concept == TextConcept.WHEELCHAIR ? MobilityAid.WHEELCHAIR
                            : concept == TextConcept.WALKER ? MobilityAid.WALKER : MobilityAid.CANE;
                }
            }
        }
        return MobilityAid.NONE;
    }
}
