package org.retrowalk.cds;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The packages as the data flows through the service (docs/architecture.md): the HTTP API hands a call to
 * evaluation, which reads the record, turns it into facts, decides, writes cards and audits the call. Each package
 * may use only those below it in that flow, and no two packages use each other.
 */
@AnalyzeClasses(packages = "org.retrowalk.cds", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("org.retrowalk.cds.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule eachPackageUsesOnlyWhatComesBeforeItInTheFlow = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("app").definedBy("org.retrowalk.cds.app..")
            .layer("api").definedBy("org.retrowalk.cds.api..")
            .layer("operations").definedBy("org.retrowalk.cds.operations..")
            .layer("governance").definedBy("org.retrowalk.cds.governance..")
            .layer("panel").definedBy("org.retrowalk.cds.panel..")
            .layer("evaluation").definedBy("org.retrowalk.cds.evaluation..")
            .layer("cards").definedBy("org.retrowalk.cds.cards..")
            .layer("orders").definedBy("org.retrowalk.cds.orders..")
            .layer("decision").definedBy("org.retrowalk.cds.decision..")
            .layer("facts").definedBy("org.retrowalk.cds.facts..")
            .layer("record").definedBy("org.retrowalk.cds.record..")
            .layer("terminology").definedBy("org.retrowalk.cds.terminology..")
            .layer("parameters").definedBy("org.retrowalk.cds.parameters..")
            .layer("audit").definedBy("org.retrowalk.cds.audit..")
            .layer("auth").definedBy("org.retrowalk.cds.auth..")
            .layer("cdshooks").definedBy("org.retrowalk.cds.cdshooks..")
            .layer("fhir").definedBy("org.retrowalk.cds.fhir..")
            .layer("platform").definedBy("org.retrowalk.cds.platform..")
            .layer("config").definedBy("org.retrowalk.cds.config..")
            .whereLayer("app").mayOnlyAccessLayers("evaluation", "cards", "orders", "decision", "facts", "record", "terminology",
                    "parameters", "cdshooks", "fhir", "platform", "config")
            .whereLayer("api").mayOnlyAccessLayers("evaluation", "audit", "auth", "cdshooks", "terminology", "fhir", "platform", "config")
            .whereLayer("operations").mayOnlyAccessLayers("audit", "decision", "record", "platform", "config")
            .whereLayer("governance").mayOnlyAccessLayers("audit", "decision", "terminology", "platform", "config")
            .whereLayer("panel").mayOnlyAccessLayers("decision", "facts", "record", "parameters", "audit", "platform", "config", "fhir")
            .whereLayer("evaluation").mayOnlyAccessLayers("cards", "orders", "decision", "facts", "record", "terminology", "parameters",
                    "audit", "cdshooks", "fhir", "platform", "config")
            .whereLayer("cards").mayOnlyAccessLayers("orders", "decision", "facts", "terminology", "parameters", "cdshooks", "platform", "config")
            .whereLayer("orders").mayOnlyAccessLayers("decision", "facts", "terminology", "parameters", "fhir", "config")
            .whereLayer("decision").mayOnlyAccessLayers("facts", "parameters", "config")
            .whereLayer("facts").mayOnlyAccessLayers("record", "terminology", "parameters", "fhir", "config")
            .whereLayer("record").mayOnlyAccessLayers("terminology", "parameters", "fhir", "platform", "config")
            .whereLayer("terminology").mayOnlyAccessLayers("parameters", "fhir", "platform", "config")
            .whereLayer("parameters").mayOnlyAccessLayers("config")
            .whereLayer("audit").mayOnlyAccessLayers("auth", "platform", "config")
            .whereLayer("auth").mayOnlyAccessLayers("platform", "config")
            .whereLayer("cdshooks").mayNotAccessAnyLayer()
            .whereLayer("fhir").mayNotAccessAnyLayer()
            .whereLayer("platform").mayOnlyAccessLayers("fhir", "config")
            .whereLayer("config").mayNotAccessAnyLayer();
}
