package org.retrowalk.cds.app;

import jakarta.ws.rs.FormParam;
import java.util.List;

/** The prescription form as posted, by the live check and by Save alike. */
public class PrescriptionFormFields {

    @FormParam("formToken")
    String formToken;
    @FormParam("sessions")
    String sessionsPerWeek;
    @FormParam("minutes")
    String minutes;
    @FormParam("weeks")
    String weeks;
    @FormParam("measure")
    List<String> measures;

    String formToken() {
        return formToken;
    }

    PrescriptionPage.Form form() {
        return new PrescriptionPage.Form(sessionsPerWeek, minutes, weeks, measures == null ? List.of() : measures);
    }
}
