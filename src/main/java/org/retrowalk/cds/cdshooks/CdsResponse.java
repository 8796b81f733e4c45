package org.retrowalk.cds.cdshooks;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** {"cards": [...]}: the list is present even when empty, which is how a service says nothing. */
public record CdsResponse(@JsonInclude(JsonInclude.Include.ALWAYS) List<Card> cards) {
    public static CdsResponse none() {
        return new CdsResponse(List.of());
    }
}
