package org.retrowalk.cds.decision;

import io.quarkus.qute.Engine;
import io.quarkus.qute.ReflectionValueResolver;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateException;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.retrowalk.cds.parameters.ClinicalParameters;

/**
 * The rule catalogue's texts, compiled once and rendered with the parameters of rules/parameters.yaml (as
 * {@code p}) and what a rule bound when it fired. So "aged {p.age.oldest} or over" says 85 at a site that set
 * oldest to 85, and no Java holds a rule's words.
 */
@Singleton
public final class RuleTexts {

    private final RuleCatalogue catalogue;
    private final ClinicalParameters parameters;
    private final Engine engine;
    private final Map<String, Template> templates = new HashMap<>();

    @Inject
    public RuleTexts(ClinicalParameters parameters) {
        this(RuleCatalogue.fromClasspath(), parameters);
    }

    public RuleTexts(RuleCatalogue catalogue, ClinicalParameters parameters) {
        this.catalogue = catalogue;
        this.parameters = parameters;
        this.engine = Engine.builder().addDefaults().addValueResolver(new ReflectionValueResolver())
                .addSectionHelper(new JoinSection.Factory()).strictRendering(true).removeStandaloneLines(true).build();
        catalogue.words().forEach((name, text) -> engine.putTemplate(name, parse("rules/words.yaml " + name, text)));
        catalogue.entries().forEach((id, entry) -> {
            put(id, "title", entry.title());
            put(id, "summary", entry.summary());
            put(id, "reason", entry.reason());
            put(id, "evidenceNote", entry.evidenceNote());
            for (int i = 0; i < entry.advice().size(); i++) {
                put(id, "advice" + i, entry.advice().get(i));
            }
        });
    }

    private void put(String ruleId, String field, String text) {
        if (text != null) {
            templates.put(ruleId + "." + field, parse("rules/rule-catalogue.yaml " + ruleId + "." + field, text));
        }
    }

    private Template parse(String where, String text) {
        try {
            return engine.parse(text);
        } catch (TemplateException e) {
            throw new IllegalStateException(where + " is not a valid template: " + e.getMessage(), e);
        }
    }

    public RuleCatalogue catalogue() {
        return catalogue;
    }

    /** The parameters the texts are rendered with. */
    public ClinicalParameters catalogueParameters() {
        return parameters;
    }

    /** One of a rule's texts, rendered; null when the catalogue gives none. */
    public String render(String ruleId, String field, Map<String, Object> bindings) {
        Template template = templates.get(ruleId + "." + field);
        if (template == null) {
            return null;
        }
        TemplateInstance instance = template.data("p", parameters);
        bindings.forEach(instance::data);
        try {
            return oneLine(instance.render());
        } catch (TemplateException e) {
            throw new IllegalStateException("rules/rule-catalogue.yaml " + ruleId + "." + field + " cannot be rendered with "
                    + bindings.keySet() + ": " + e.getMessage(), e);
        }
    }

    /** The rule's advice lines, rendered. */
    public List<String> advice(String ruleId, Map<String, Object> bindings) {
        int count = catalogue.entry(ruleId).advice().size();
        return java.util.stream.IntStream.range(0, count).mapToObj(i -> render(ruleId, "advice" + i, bindings)).toList();
    }

    /** A shared phrase of rules/words.yaml, rendered with the parameters and these values. */
    public String word(String name, Map<String, Object> bindings) {
        Template template = engine.getTemplate(name);
        if (template == null) {
            throw new IllegalStateException("rules/words.yaml has no " + name);
        }
        TemplateInstance instance = template.data("p", parameters);
        bindings.forEach(instance::data);
        return oneLine(instance.render());
    }

    /**
     * The rendered text on one line: stripped, each run of whitespace (the regular expression's {@code \s}: space,
     * tab, line feed, vertical tab, form feed, carriage return) one space. A loop rather than a regular expression:
     * this runs for every text of every rule that fires, on every call, and most texts have nothing to replace.
     */
    static String oneLine(String rendered) {
        String text = rendered.strip();
        if (isOneLine(text)) {
            return text;
        }
        StringBuilder line = new StringBuilder(text.length());
        boolean afterSpace = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!isSpace(c)) {
                line.append(c);
                afterSpace = false;
            } else if (!afterSpace) {
                line.append(' ');
                afterSpace = true;
            }
        }
        return line.toString();
    }

    /** No whitespace but single spaces. */
    private static boolean isOneLine(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isSpace(c) && (c != ' ' || i + 1 < text.length() && isSpace(text.charAt(i + 1)))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    /** Whether rules/words.yaml has this phrase. */
    public boolean hasWord(String name) {
        return engine.getTemplate(name) != null;
    }

    /** A safety modification's short label, for a summary line ("start at 5 min" follows the reduced dose). */
    public String label(SafetyModification modification) {
        return engine.getTemplate("modification-" + modification.name()) == null ? modification.shortLabel()
                : engine.getTemplate("modification-" + modification.name()).data("p", parameters).render().strip();
    }
}
