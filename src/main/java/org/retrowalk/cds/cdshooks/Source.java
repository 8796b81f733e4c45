package org.retrowalk.cds.cdshooks;

public record Source(String label, String url, CdsCoding topic) {}
