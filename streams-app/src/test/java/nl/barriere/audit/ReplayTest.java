package nl.barriere.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import nl.barriere.contract.Topic;
import nl.barriere.contract.Topics;
import nl.barriere.detect.DetectionTopology;
import nl.barriere.detect.Ruleset;
import nl.barriere.platform.AppConfig;
import nl.barriere.platform.EmbeddedPlatform;
import nl.barriere.platform.Lag;
import nl.barriere.platform.StreamsApp;
import nl.barriere.schema.IndicatorResult;
import nl.barriere.schema.RiskSignal;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays on a real broker and registry over one generated Leiden year (seed 42), against a live detection run over
 * the same input: the same ruleset gives the same signals byte for byte (DESIGN.md rule 3), a ruleset with one
 * indicator switched off differs in exactly that indicator's signals (rule 9), and a replay of a middle period
 * rebuilds the state before it.
 */
class ReplayTest {

    private static final Instant ALL_FROM = Instant.EPOCH;
    private static final Instant ALL_TO = Instant.parse("9999-12-31T00:00:00Z");

    private static EmbeddedPlatform platform;
    private static AppConfig config;
    private static Map<String, SignalDiff.Stored> live;

    @TempDir
    static Path data;

    @BeforeAll
    static void runLiveDetectionOverOneYear() throws Exception {
        platform = EmbeddedPlatform.start("replay");
        config = platform.config();
        platform.loadLeiden(1, 42, data, DetectionTopology.INPUTS);
        final Ruleset rules = Ruleset.load("v1");
        final String applicationId = "live-" + UUID.randomUUID();
        try (StreamsApp detect = new StreamsApp(applicationId,
                DetectionTopology.build(rules, config.serdeConfig(), Topics.SIGNALS.name()), config).start();
             Admin admin = Admin.create(config.kafkaProperties())) {
            assertThat(Lag.awaitCaughtUp(admin, applicationId,
                    DetectionTopology.INPUTS.stream().map(Topic::name).toList(), Duration.ofMinutes(5))).isTrue();
            final long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (!Replay.drained(detect, rules) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(Replay.drained(detect, rules)).isTrue();
        }
        live = SignalDiff.read(config, Topics.SIGNALS.name(), ALL_FROM, ALL_TO);
        assertThat(live).hasSizeGreaterThan(20);
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void twoReplaysAtOnceGiveTheLiveSignalsAndTheSignalsWithoutTheDisabledIndicator() throws Exception {
        // Given the live signals and the indicator that fired in most of them, but not in all
        final String disabled = mostFrequentIndicator();
        final Set<String> subjectsWithIt = new TreeSet<>();
        final Set<String> liveWithIt = new TreeSet<>();
        live.values().forEach(s -> {
            if (rules(s.signal()).contains(disabled)) {
                liveWithIt.add(s.signal().getSignalId());
                subjectsWithIt.add(subject(s.signal()));
            }
        });
        assertThat(liveWithIt).isNotEmpty().hasSizeLessThan(live.size());

        // When two replays run at the same time: the same ruleset, and the ruleset with that indicator switched off
        final CompletableFuture<Replay.Summary> same = replayAsync("same", Ruleset.load("v1"), ALL_FROM, ALL_TO);
        final CompletableFuture<Replay.Summary> without = replayAsync("without", Ruleset.load("v1").withDisabled(disabled),
                ALL_FROM, ALL_TO);
        final Replay.Summary sameRun = same.get();
        without.get();
        System.out.printf("%nreplay: %,d input records in %.1f s = %,.0f records/s; %,d live signals; disabled %s%n",
                sameRun.inputRecords(), sameRun.seconds(), sameRun.recordsPerSecond(), live.size(), disabled);

        // Then the same ruleset gives every live signal, byte for byte, and nothing else
        final SignalDiff.Result identical = SignalDiff.compare(config, Topics.SIGNALS.name(), Replay.signalsTopic("same"), ALL_FROM, ALL_TO);
        assertThat(identical.isIdentical()).isTrue();
        assertThat(identical.identical()).containsExactlyElementsOf(live.keySet());
        assertThat(sameRun.signals()).isEqualTo(live.size());

        // And without the indicator, exactly the live signals it fired in are gone or lose it; extras and changes
        // are confined to the subjects it fired for; every other signal is identical
        final SignalDiff.Result diff = SignalDiff.compare(config, Topics.SIGNALS.name(), Replay.signalsTopic("without"), ALL_FROM, ALL_TO);
        final Set<String> missing = diff.missing().stream().map(RiskSignal::getSignalId).collect(Collectors.toCollection(TreeSet::new));
        final Set<String> lostTheIndicator = new TreeSet<>(missing);
        diff.changed().forEach((id, lines) -> {
            if (lines.contains("indicator " + disabled + ": only in live")) {
                lostTheIndicator.add(id);
            }
        });
        assertThat(lostTheIndicator).isEqualTo(liveWithIt);
        assertThat(missing).isSubsetOf(liveWithIt);
        assertThat(diff.extra()).allSatisfy(s -> assertThat(subjectsWithIt).contains(subject(s)));
        assertThat(diff.extra()).allSatisfy(s -> assertThat(rules(s)).doesNotContain(disabled));
        // (the replay ran other rules, so every signal of it names another ruleset digest: on a signal the disabled
        // indicator never touched, that is all that differs)
        final String otherRules = "rulesetDigest: " + Ruleset.load("v1").digest() + " in live, "
                + Ruleset.load("v1").withDisabled(disabled).digest() + " in replay";
        final Set<String> untouched = live.values().stream().filter(s -> !subjectsWithIt.contains(subject(s.signal())))
                .map(s -> s.signal().getSignalId()).collect(Collectors.toCollection(TreeSet::new));
        assertThat(untouched).isNotEmpty();
        assertThat(diff.identical()).isEmpty();
        diff.changed().forEach((id, lines) -> {
            assertThat(lines).contains(otherRules);
            if (untouched.contains(id)) {
                assertThat(lines).as(id).containsExactly(otherRules);
            } else {
                assertThat(subjectsWithIt).contains(subject(live.get(id).signal()));
            }
        });
        assertThat(diff.changed().keySet()).containsAll(untouched);
    }

    @Test
    void aReplayOfAMiddlePeriodRebuildsTheStateBeforeIt() throws Exception {
        // Given a period in the middle of the year, after the first signals
        final List<Instant> times = live.values().stream().map(s -> s.signal().getDetectedAt()).sorted().toList();
        final Instant from = times.get(times.size() / 3);
        final Instant to = times.get(2 * times.size() / 3);
        final Map<String, SignalDiff.Stored> expected = new TreeMap<>(SignalDiff.read(config, Topics.SIGNALS.name(), from, to));
        assertThat(expected).isNotEmpty().hasSizeLessThan(live.size());

        // When that period is replayed
        final Replay.Summary summary = replayAsync("middle", Ruleset.load("v1"), from, to).get();

        // Then it holds exactly the live signals detected in the period, byte for byte
        final SignalDiff.Result diff = SignalDiff.compare(config, Topics.SIGNALS.name(), Replay.signalsTopic("middle"), from, to);
        assertThat(diff.isIdentical()).isTrue();
        assertThat(diff.identical()).containsExactlyElementsOf(expected.keySet());
        assertThat(summary.signals()).isEqualTo(expected.size());
        assertThat(expected.values()).anySatisfy(s -> assertThat(s.signal().getSupersedes()).isNotNull());
    }

    private static CompletableFuture<Replay.Summary> replayAsync(final String name, final Ruleset rules,
                                                                 final Instant from, final Instant to) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new Replay(config, Clock.systemUTC()).run(name, from, to, rules,
                        new PrintWriter(new StringWriter()));
            } catch (Exception e) {
                throw new IllegalStateException("replay " + name + " failed", e);
            }
        });
    }

    private static String mostFrequentIndicator() {
        final Map<String, Integer> counts = new TreeMap<>();
        live.values().forEach(s -> rules(s.signal()).forEach(rule -> counts.merge(rule, 1, Integer::sum)));
        return counts.entrySet().stream().filter(e -> e.getValue() < live.size())
                .max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    private static Set<String> rules(final RiskSignal signal) {
        return signal.getIndicators().stream().map(IndicatorResult::getRuleId).collect(Collectors.toSet());
    }

    private static String subject(final RiskSignal signal) {
        return signal.getSubject().getType() + ":" + signal.getSubject().getId();
    }
}
