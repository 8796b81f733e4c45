package org.retrowalk.cds.cdshooks;

import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;

/** A suggestion's action; the resource is encoded by HAPI. A delete names its resources by resourceId. */
public record Action(String type, String description, IBaseResource resource, List<String> resourceId) {
    public static Action create(String description, IBaseResource resource) {
        return new Action("create", description, resource, null);
    }

    public static Action update(String description, IBaseResource resource) {
        return new Action("update", description, resource, null);
    }

    public static Action delete(String description, String reference) {
        return new Action("delete", description, null, List.of(reference));
    }
}
