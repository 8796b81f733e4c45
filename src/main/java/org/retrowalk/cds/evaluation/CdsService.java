package org.retrowalk.cds.evaluation;

import org.retrowalk.cds.cdshooks.CdsRequest;
import org.retrowalk.cds.cdshooks.CdsResponse;
import org.retrowalk.cds.cdshooks.ServiceDescriptor;

/** One CDS Hooks service: how discovery describes it, and how it answers a checked request. */
public interface CdsService {

    ServiceDescriptor descriptor();

    /** Called only with a request whose hook, hookInstance and context.patientId have been checked. */
    Answer call(CdsRequest request, String patientId);

    /** The cards, and the evaluation behind them (null when the service had no reason to read the record). */
    record Answer(CdsResponse response, PatientEvaluator.Evaluation evaluation) {}
}
