package org.retrowalk.cds.cdshooks;

import java.util.List;

public record Discovery(List<ServiceDescriptor> services) {}
