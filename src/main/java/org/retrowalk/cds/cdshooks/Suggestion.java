package org.retrowalk.cds.cdshooks;

import java.util.List;

public record Suggestion(String label, String uuid, Boolean isRecommended, List<Action> actions) {}
