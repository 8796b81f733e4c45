package org.retrowalk.cds.cdshooks;

import java.util.List;
import java.util.Map;

/** A CDS Hooks card; empty optional fields are omitted when serialized. */
public record Card(
        String uuid,
        String summary,
        String detail,
        Indicator indicator,
        Source source,
        List<Suggestion> suggestions,
        String selectionBehavior,
        List<CdsCoding> overrideReasons,
        List<Link> links,
        Map<String, Object> extension) {}
