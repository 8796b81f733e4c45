package org.retrowalk.cds.decision;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.KieRuntimeBuilder;
import org.retrowalk.cds.parameters.ParametersConfiguration.LoadedParameters;

/**
 * Identity of the rules in force: the declared version from parameters.yaml plus a fingerprint of the DRL
 * and the parameters actually loaded, so that a card or an audit record names exactly what decided.
 */
@ApplicationScoped
public class RuleSet {

    static final String DRL = "rules/backward-walking.drl";

    private final String version;
    private final List<String> ruleNames;

    @Inject
    public RuleSet(KieRuntimeBuilder runtime, LoadedParameters parameters) {
        this.ruleNames = runtime.getKieBase().getKiePackages().stream()
                .map(KiePackage::getRules).flatMap(java.util.Collection::stream)
                .map(Rule::getName).sorted().toList();
        this.version = parameters.parameters().ruleSet().version() + "+" + fingerprint(parameters.source());
    }

    public String version() {
        return version;
    }

    /** Every rule name in the compiled rule base, sorted. */
    public List<String> ruleNames() {
        return ruleNames;
    }

    private static String fingerprint(byte[] parameters) {
        try (InputStream drl = RuleSet.class.getClassLoader().getResourceAsStream(DRL)) {
            if (drl == null) {
                throw new IllegalStateException(DRL + " is not on the classpath");
            }
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(drl.readAllBytes());
            sha.update(parameters);
            return HexFormat.of().formatHex(sha.digest()).substring(0, 8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
