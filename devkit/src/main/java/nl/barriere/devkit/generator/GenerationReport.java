package nl.barriere.devkit.generator;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a generation run produced, for the CLI to print.
 *
 * @param eventsPerTopic events written per topic, in the order of {@link GeneratorTopics#ALL}
 * @param plantedCases number of planted cases in the ground truth (positive and near-miss)
 * @param elapsed wall-clock time the run took (reporting only; never influences the output)
 */
public record GenerationReport(
        Profile profile, int years, long seed, Map<String, Long> eventsPerTopic, int plantedCases, Duration elapsed) {

    public GenerationReport {
        eventsPerTopic = Collections.unmodifiableMap(new LinkedHashMap<>(eventsPerTopic));
    }

    public long totalEvents() {
        return eventsPerTopic.values().stream().mapToLong(Long::longValue).sum();
    }

    public double eventsPerSecond() {
        final double seconds = Math.max(1, elapsed.toMillis()) / 1000.0;
        return totalEvents() / seconds;
    }

    /** A few lines a person can read. */
    public String describe() {
        final StringBuilder text = new StringBuilder();
        text.append(String.format("profile %s, %d year(s), seed %d%n", profile, years, seed));
        for (final String topic : GeneratorTopics.ALL) {
            text.append(String.format("  %-30s %,12d%n", topic, eventsPerTopic.getOrDefault(topic, 0L)));
        }
        text.append(String.format("  %-30s %,12d%n", "total", totalEvents()));
        text.append(String.format("planted cases: %d%n", plantedCases));
        text.append(String.format("elapsed: %.1f s (%,.0f events/s)%n", elapsed.toMillis() / 1000.0, eventsPerSecond()));
        return text.toString();
    }
}
