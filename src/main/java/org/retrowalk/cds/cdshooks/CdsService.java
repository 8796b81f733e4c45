package org.retrowalk.cds.cdshooks;

import org.retrowalk.cds.cdshooks.json.CdsRequest;
import org.retrowalk.cds.cdshooks.json.CdsResponse;
import org.retrowalk.cds.cdshooks.json.ServiceDescriptor;

/** One CDS Hooks service: how discovery describes it, and how it answers a checked request. */
public interface CdsService {

    ServiceDescriptor descriptor();

    /** Called only with a request whose hook, hookInstance and context.patientId have been checked. */
    Answer call(CdsRequest request, String patientId);

    /** The cards, and the evaluation behind them (null when the service had no reason to read the record). */
    record Answer(CdsResponse response, PatientEvaluator.Evaluation evaluation) {}
}
