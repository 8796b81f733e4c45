package org.retrowalk.cds.cdshooks.json;

public record CdsCoding(String system, String code, String display) {}
