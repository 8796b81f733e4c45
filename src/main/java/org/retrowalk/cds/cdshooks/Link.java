package org.retrowalk.cds.cdshooks;

public record Link(String label, String url, String type) {
    public static Link absolute(String label, String url) {
        return new Link(label, url, "absolute");
    }
}
