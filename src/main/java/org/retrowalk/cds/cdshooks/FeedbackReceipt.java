package org.retrowalk.cds.cdshooks;

/** The answer to feedback: how many entries came, how many were new, how many had been stored before. */
public record FeedbackReceipt(int received, int stored, int duplicates) {}
