package org.retrowalk.cds.cdshooks;

public record CdsCoding(String system, String code, String display) {}
