package org.retrowalk.cds.cdshooks.json;

public record Source(String label, String url, CdsCoding topic) {}
