package org.retrowalk.cds.app;

import java.util.Optional;

/** An EHR the app may be launched from, as configured (retrowalk.app.ehrs.<name>), or an open FHIR server. */
record SmartEhr(String name, String iss, String clientId, Optional<String> privateKeyFile, String scope, boolean open) {}
