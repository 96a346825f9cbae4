package nl.barriere.devkit.generator;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A deterministic synthetic municipality: four JSON-lines files, one per input topic, each sorted by
 * (event time, event id), plus {@code ground-truth.json} with the planted cases. Same options, byte-identical
 * files: every random choice comes from generators seeded by {@link GeneratorOptions#seed()}, ids come from
 * counters, and nothing depends on the wall clock or on hash-map iteration order.
 *
 * <p><b>Initial population.</b> Establishments registered before the start are written as REGISTERED events at
 * the start instant ({@code start}T00:00:00Z), each carrying its historical {@code startDate} (always at least 14
 * months before the start) and its first officer. LEIDEN starts with 14,000; NATIONAL with 600,000 (scaled down
 * from 2.6M so the benchmark profile stays fast). A business's first officer travels on its REGISTERED event;
 * OFFICER_APPOINTED and OFFICER_RESIGNED are later changes only.
 *
 * <p><b>Background invariants</b> (by construction; the background is meant to fire no indicator, given the
 * thresholds of {@link PlantingThresholds#defaults()}):
 *
 * <ul>
 *   <li>I1: an object is resold at least 400 days after its previous transfer.
 *   <li>I2: price / WOZ lies in [0.85, 1.30].
 *   <li>I3: a transfer without mortgage has a person as buyer and a price below 0.8 × the municipal median;
 *       legal-entity buyers always have a mortgage.
 *   <li>I4, I5: legal-entity buyers come from the initial population (over 12 months old) and buy once; person
 *       buyers are new people who buy once.
 *   <li>I6: at most 4 establishments ever arrive (registration or move) at one background BAG object.
 *   <li>I7: at most 2 officer changes per business within 400 days; the first officer never resigns, so a board
 *       is never replaced; permit applicants have no officer changes at all.
 *   <li>I8: a person is an officer of at most 2 entities in all.
 *   <li>I9: follows from I3 and I4 never firing on the background.
 *   <li>I10: each applicant has its own premises, used by no other business; at most one applicant per object.
 *   <li>I11: applicants come from the initial population and never change legal form or continue another
 *       business.
 *   <li>I12: background Bibob conclusions are NO_DANGER or LESSER_DANGER, never SERIOUS_DANGER.
 *   <li>Consistency: a business is deregistered at most once and only after the day it registered; an officer
 *       resigns only after being appointed; a seller is the previous buyer of the object when one is known.
 * </ul>
 *
 * <p><b>Planted cases</b> ({@link PlantedCases}) use their own identifier ranges ({@link Identifiers}), so
 * the background never touches them.
 */
public final class Generator {

    private Generator() {}

    /** Writes the four topic files and {@code ground-truth.json} into {@code outDir}. */
    public static GenerationReport generate(final GeneratorOptions options, final Path outDir) throws IOException {
        final long began = System.nanoTime();
        final PlantingThresholds thresholds = PlantingThresholds.defaults();
        final Run run;
        try (JsonLinesSink sink = new JsonLinesSink(outDir)) {
            run = run(options, thresholds, sink);
        }
        GroundTruth.write(outDir, options, thresholds, run.cases());
        return run.report(Duration.ofNanos(System.nanoTime() - began));
    }

    /** The result of one run: the sink's counts and the planted cases. */
    record Run(GeneratorOptions options, Map<String, Long> counts, List<PlantedCase> cases) {
        GenerationReport report(final Duration elapsed) {
            return new GenerationReport(options.profile(), options.years(), options.seed(), counts, cases.size(), elapsed);
        }
    }

    /** The whole generation into any sink; the caller closes the sink. */
    static Run run(final GeneratorOptions options, final PlantingThresholds thresholds, final EventSink sink)
            throws IOException {
        final Instant start = Background.instant(options.start(), 0);
        final Instant end = Background.instant(options.end(), 0);
        final Identifiers ids = new Identifiers(options.seed(), options.profile().municipalityCodes);
        final EventFactory events = new EventFactory();
        final TimeOrderedEmitter emitter = new TimeOrderedEmitter(sink, start, end);
        final PlantedCases planted = new PlantedCases(options, thresholds, ids, events, emitter);
        final List<PlantedCase> cases = planted.plant();
        new Background(options, ids, events, emitter, planted.plantedFlows()).run();
        emitter.flushAll();
        final Map<String, Long> counts = new LinkedHashMap<>();
        for (int topic = 0; topic < GeneratorTopics.ALL.size(); topic++) {
            counts.put(GeneratorTopics.ALL.get(topic), sink.count(topic));
        }
        return new Run(options, counts, cases);
    }
}
