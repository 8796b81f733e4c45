package org.retrowalk.cds.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import org.kie.api.runtime.KieRuntimeBuilder;
import org.retrowalk.cds.cards.CardFactory;
import org.retrowalk.cds.cdshooks.Card;
import org.retrowalk.cds.cdshooks.CdsRequest;
import org.retrowalk.cds.cdshooks.CdsResponse;
import org.retrowalk.cds.decision.Decision;
import org.retrowalk.cds.decision.DecisionEngine;
import org.retrowalk.cds.decision.RuleSet;
import org.retrowalk.cds.decision.RuleTexts;
import org.retrowalk.cds.decision.Thresholds;
import org.retrowalk.cds.facts.ClinicalFacts;
import org.retrowalk.cds.facts.FactExtractor;
import org.retrowalk.cds.fhir.FhirContextProducer;
import org.retrowalk.cds.fhir.JacksonCustomizer;
import org.retrowalk.cds.parameters.ClinicalParameters;
import org.retrowalk.cds.parameters.ParametersConfiguration.LoadedParameters;
import org.retrowalk.cds.parameters.ParametersConfiguration;
import org.retrowalk.cds.record.PatientRecord;
import org.retrowalk.cds.record.PrefetchReader;
import org.retrowalk.cds.record.RecordQueries;
import org.retrowalk.cds.terminology.Terminology;
import org.retrowalk.cds.terminology.TerminologyConfiguration;

/**
 * The patient-view pipeline's stages, built from the service's own classes and configuration without CDI,
 * so that JMH can time each one alone: parse the request, read the prefetch and extract the facts, decide,
 * build the cards, encode the answer. The rule base is the one Quarkus generated at build time
 * (org.drools.project.model.ProjectRuntime, in target/quarkus-app/quarkus/generated-bytecode.jar), the
 * same compiled rules the packaged service runs.
 */
public final class Pipeline {

    /** The date the examples' expected answers hold for (as %test.retrowalk.evaluation.date). */
    public static final LocalDate EVALUATION_DATE = LocalDate.of(2026, 11, 21);
    static final String GENERATED_RULE_BASE = "org.drools.project.model.ProjectRuntime";

    final ObjectMapper json;
    final PrefetchReader prefetch;
    final FactExtractor extractor;
    final DecisionEngine engine;
    final CardFactory cards;

    public Pipeline() {
        // Outside Quarkus nothing configures the log manager, which then passes TRACE from Drools' inner loop
        // to a buffering handler: about 85 of a measured 100 us per rule evaluation, a cost the service never pays.
        org.jboss.logmanager.Logger.getLogger("").setLevel(Level.INFO);
        ParametersConfiguration configuration = new ParametersConfiguration();
        LoadedParameters loaded = configuration.loadedParameters(Optional.empty());
        ClinicalParameters parameters = configuration.parameters(loaded);
        Terminology terminology = terminology(parameters);
        KieRuntimeBuilder rules = generatedRuleBase();
        this.json = new ObjectMapper();
        new JacksonCustomizer().customize(json);
        this.prefetch = new PrefetchReader(new RecordQueries(terminology));
        this.extractor = new FactExtractor(terminology, parameters);
        RuleTexts texts = new RuleTexts(parameters);
        this.engine = new DecisionEngine(rules, new Thresholds(parameters), new RuleSet(rules, loaded), texts, 16);
        this.cards = new CardFactory(terminology, parameters, texts, "https://retrowalk.org/docs/backward-walking");
    }

    public CdsRequest parse(byte[] body) throws IOException {
        return json.readValue(body, CdsRequest.class);
    }

    public ClinicalFacts facts(CdsRequest request) {
        String patientId = request.context().get("patientId").asText();
        PrefetchReader.Result read = prefetch.read(patientId, request.prefetch());
        return extractor.extract(new PatientRecord(patientId, read.patient(), read.resources()), EVALUATION_DATE);
    }

    public Decision decide(ClinicalFacts facts) {
        return engine.decide(facts);
    }

    public List<Card> cards(Decision decision, ClinicalFacts facts) {
        return cards.patientView(decision, facts, "Practitioner/bench");
    }

    public byte[] encode(List<Card> built) throws IOException {
        return json.writeValueAsBytes(new CdsResponse(built));
    }

    /** The whole patient-view answer for a request body with full prefetch. */
    public byte[] answer(byte[] body) throws IOException {
        ClinicalFacts facts = facts(parse(body));
        return encode(cards(decide(facts), facts));
    }

    /** The value sets and code systems as the service loads them by default. */
    public static Terminology terminology() {
        return terminology(ParametersConfiguration.defaults());
    }

    private static Terminology terminology(ClinicalParameters parameters) {
        return new TerminologyConfiguration().terminology(FhirContextProducer.shared(), parameters, Optional.empty());
    }

    private static KieRuntimeBuilder generatedRuleBase() {
        try {
            return (KieRuntimeBuilder) Class.forName(GENERATED_RULE_BASE, true, Pipeline.class.getClassLoader())
                    .getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(GENERATED_RULE_BASE + " is not on the classpath: it is generated by the Quarkus build "
                    + "into target/quarkus-app/quarkus/generated-bytecode.jar (run bench/jmh, which puts it there)", e);
        }
    }
}
