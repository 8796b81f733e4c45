package org.retrowalk.cds.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.retrowalk.cds.cdshooks.Card;
import org.retrowalk.cds.cdshooks.CdsRequest;
import org.retrowalk.cds.decision.Decision;
import org.retrowalk.cds.facts.ClinicalFacts;

/**
 * The cost of each stage of a patient-view answer, one request at a time, on two requests from examples/:
 * a small hand-written record and a 90 kB Synthea record. Each stage starts from the previous stage's
 * output, computed once in setup. Run with bench/jmh; CI only compiles this and checks in
 * PipelineBenchmarkTest that every stage computes what the service would.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
public class PipelineBenchmark {

    @Param({"modify-one-fall-impaired-tug.json", "synthea-millard-walker.json"})
    public String example;

    Pipeline pipeline;
    byte[] body;
    CdsRequest request;
    ClinicalFacts facts;
    Decision decision;
    List<Card> cards;

    @Setup
    public void setUp() throws IOException {
        pipeline = new Pipeline();
        body = Files.readAllBytes(Path.of("examples", example));
        request = pipeline.parse(body);
        facts = pipeline.facts(request);
        decision = pipeline.decide(facts);
        cards = pipeline.cards(decision, facts);
    }

    /** JSON bytes to a CdsRequest: Jackson for the envelope, HAPI for each prefetched resource. */
    @Benchmark
    public CdsRequest parse() throws IOException {
        return pipeline.parse(body);
    }

    /** Prefetch to the patient's record, and the record to the facts the rules read. */
    @Benchmark
    public ClinicalFacts extractFacts() {
        return pipeline.facts(request);
    }

    /** A Drools session over the facts: the outcome and the rules that fired. */
    @Benchmark
    public Decision evaluateRules() {
        return pipeline.decide(facts);
    }

    /** The card: summary, Markdown detail, suggested orders (FHIR ServiceRequests), links, extension. */
    @Benchmark
    public List<Card> buildCards() {
        return pipeline.cards(decision, facts);
    }

    /** Rules plus card building, the figure the performance target names. */
    @Benchmark
    public List<Card> rulesAndCards() {
        return pipeline.cards(pipeline.decide(facts), facts);
    }

    /** The answer to JSON: Jackson for the envelope, HAPI for each suggested resource. */
    @Benchmark
    public byte[] encodeAnswer() throws IOException {
        return pipeline.encode(cards);
    }

    /** Every stage in a row: request bytes in, answer bytes out. */
    @Benchmark
    public byte[] wholeAnswer() throws IOException {
        return pipeline.answer(body);
    }
}
