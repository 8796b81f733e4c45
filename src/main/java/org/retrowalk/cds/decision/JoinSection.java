package org.retrowalk.cds.decision;

import io.quarkus.qute.ResultNode;
import io.quarkus.qute.SectionBlock;
import io.quarkus.qute.SectionHelper;
import io.quarkus.qute.SectionHelperFactory;
import io.quarkus.qute.SingleResultNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code {#join comma}{#item}...{#item}...{/join}}: the items that render to something, joined with ", "
 * (comma), "; " (semicolon) or " and " (and). A rule's reason lists only what the record shows ("an injurious
 * fall, documented frailty"), and the separators follow the items that are there.
 */
final class JoinSection implements SectionHelper {

    private static final Map<String, String> SEPARATORS = Map.of("comma", ", ", "semicolon", "; ", "and", " and ");

    private final String separator;
    private final List<SectionBlock> items;

    private JoinSection(String separator, List<SectionBlock> items) {
        this.separator = separator;
        this.items = items;
    }

    @Override
    public CompletionStage<ResultNode> resolve(SectionResolutionContext context) {
        List<CompletableFuture<String>> parts = new ArrayList<>();
        for (SectionBlock item : items) {
            parts.add(context.execute(item, context.resolutionContext()).toCompletableFuture().thenApply(node -> {
                StringBuilder text = new StringBuilder();
                node.process(text::append);
                return text.toString().trim();
            }));
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<String> present = parts.stream().map(CompletableFuture::join).filter(s -> !s.isEmpty()).toList();
            return new SingleResultNode(String.join(separator, present));
        });
    }

    static final class Factory implements SectionHelperFactory<JoinSection> {
        @Override
        public List<String> getDefaultAliases() {
            return List.of("join");
        }

        @Override
        public ParametersInfo getParameters() {
            return ParametersInfo.builder().addParameter("separator").build();
        }

        @Override
        public List<String> getBlockLabels() {
            return List.of("item");
        }

        @Override
        public JoinSection initialize(SectionInitContext context) {
            String separator = SEPARATORS.get(context.getParameter("separator"));
            if (separator == null) {
                throw new IllegalStateException("{#join} takes comma, semicolon or and, not " + context.getParameter("separator"));
            }
            return new JoinSection(separator, context.getBlocks().stream().filter(b -> "item".equals(b.label)).toList());
        }
    }
}
