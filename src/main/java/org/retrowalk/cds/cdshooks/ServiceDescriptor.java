package org.retrowalk.cds.cdshooks;

import java.util.Map;

public record ServiceDescriptor(
        String hook,
        String id,
        String title,
        String description,
        Map<String, String> prefetch,
        String usageRequirements,
        String version) {}
