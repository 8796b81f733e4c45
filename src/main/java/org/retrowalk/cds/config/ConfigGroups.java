package org.retrowalk.cds.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The groups of the configuration tree as beans of their own, for the classes that need only one group. */
@ApplicationScoped
public class ConfigGroups {

    @Produces
    AuthSettings auth(RetrowalkConfig config) {
        return config.auth();
    }

    @Produces
    FhirReadSettings fhir(RetrowalkConfig config) {
        return config.fhir();
    }
}
