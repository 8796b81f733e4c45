package org.retrowalk.cds.cdshooks.json;

import org.hl7.fhir.instance.model.api.IBaseResource;

/** A suggestion's action; the resource is encoded by HAPI. */
public record Action(String type, String description, IBaseResource resource) {
    public static Action create(String description, IBaseResource resource) {
        return new Action("create", description, resource);
    }
}
