package org.retrowalk.cds.cdshooks.json;

import java.util.List;

public record Discovery(List<ServiceDescriptor> services) {}
