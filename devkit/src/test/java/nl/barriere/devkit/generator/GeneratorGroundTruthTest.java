package nl.barriere.devkit.generator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class GeneratorGroundTruthTest {

    private final GeneratorFixture.Generated leiden = GeneratorFixture.leidenThreeYears();

    private List<JsonNode> cases() {
        final List<JsonNode> cases = new ArrayList<>();
        leiden.groundTruth().get("cases").forEach(cases::add);
        return cases;
    }

    @Test
    void everyIndicatorHasAtLeastThreePositivesAndTwoNearMisses() {
        // Given the ground truth of three Leiden years
        // When the cases are counted per indicator and expectation
        final TreeMap<String, long[]> counts = new TreeMap<>();
        for (final JsonNode planted : cases()) {
            final long[] count = counts.computeIfAbsent(planted.get("indicator").asText(), k -> new long[2]);
            count["FIRE".equals(planted.get("expect").asText()) ? 0 : 1]++;
        }
        counts.forEach((indicator, count) ->
                System.out.printf("%s: %d FIRE, %d NO_FIRE%n", indicator, count[0], count[1]));

        // Then I1..I12 each have ≥3 FIRE and ≥2 NO_FIRE
        assertThat(counts.keySet())
                .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 12).mapToObj(i -> "I" + i).toList());
        counts.forEach((indicator, count) -> {
            assertThat(count[0]).as(indicator + " FIRE").isGreaterThanOrEqualTo(3);
            assertThat(count[1]).as(indicator + " NO_FIRE").isGreaterThanOrEqualTo(2);
        });
    }

    @Test
    void everyCaseIsCompleteAndConsistent() {
        for (final JsonNode planted : cases()) {
            final String indicator = planted.get("indicator").asText();
            final List<String> expected = new ArrayList<>();
            planted.get("expectedIndicators").forEach(i -> expected.add(i.asText()));
            assertThat(planted.get("caseId").asText()).startsWith(indicator + "-");
            assertThat(planted.get("subjectType").asText()).isIn("PERMIT_APPLICATION", "BUSINESS", "PROPERTY");
            assertThat(planted.get("subjectId").asText()).isNotBlank();
            assertThat(planted.get("description").asText()).isNotBlank();
            assertThat(planted.get("eventIds")).isNotEmpty();
            if ("FIRE".equals(planted.get("expect").asText())) {
                assertThat(expected).as(planted.get("caseId").asText()).contains(indicator);
            } else {
                assertThat(expected).as(planted.get("caseId").asText()).doesNotContain(indicator);
            }
        }
        assertThat(cases()).extracting(c -> c.get("caseId").asText()).doesNotHaveDuplicates();
    }

    @Test
    void everyEventIdInTheGroundTruthExistsInTheFiles() {
        // Given every event id in the files
        final Set<String> written = new HashSet<>();
        leiden.business().forEach(e -> written.add(e.getEventId()));
        leiden.transfers().forEach(e -> written.add(e.getEventId()));
        leiden.permits().forEach(e -> written.add(e.getEventId()));
        leiden.bibob().forEach(e -> written.add(e.getEventId()));
        leiden.mortgages().forEach(e -> written.add(e.getEventId()));
        leiden.valuations().forEach(e -> written.add(e.getEventId()));
        leiden.bagObjects().forEach(e -> written.add(e.getEventId()));

        // When / Then every id the ground truth names is among them
        for (final JsonNode planted : cases()) {
            planted.get("eventIds").forEach(id ->
                    assertThat(written).as(planted.get("caseId").asText()).contains(id.asText()));
        }
    }

    @Test
    void subjectsExistInTheFiles() {
        // Given the subjects the files know
        final Set<String> applications = new HashSet<>();
        leiden.permits().forEach(e -> applications.add(e.getApplicationId()));
        final Set<String> businesses = new HashSet<>();
        leiden.business().forEach(e -> businesses.add(e.getKvkNumber()));
        final Set<String> objects = new HashSet<>();
        leiden.transfers().forEach(e -> objects.add(e.getBagVboId()));
        leiden.business().stream().filter(e -> e.getAddress() != null)
                .forEach(e -> objects.add(e.getAddress().getBagVboId()));

        // When / Then every case's subject is one of them
        for (final JsonNode planted : cases()) {
            final String id = planted.get("subjectId").asText();
            switch (planted.get("subjectType").asText()) {
                case "PERMIT_APPLICATION" -> assertThat(applications).contains(id);
                case "BUSINESS" -> assertThat(businesses).contains(id);
                default -> assertThat(objects).contains(id);
            }
        }
    }

    @Test
    void groundTruthRecordsTheThresholdsAndTheRun() {
        final JsonNode truth = leiden.groundTruth();
        assertThat(truth.get("profile").asText()).isEqualTo("LEIDEN");
        assertThat(truth.get("seed").asLong()).isEqualTo(GeneratorFixture.SEED);
        assertThat(truth.get("years").asInt()).isEqualTo(3);
        assertThat(truth.get("start").asText()).isEqualTo("2023-01-01");
        assertThat(truth.get("thresholds").get("i1ResaleWindowDays").asInt()).isEqualTo(183);
        assertThat(truth.get("thresholds").get("i1MinPriceRatio").decimalValue()).isEqualByComparingTo("1.2");
        assertThat(truth.get("thresholds").get("i6MinActive").asInt()).isEqualTo(10);
        assertThat(truth.get("thresholds").get("i10WindowMonths").asInt()).isEqualTo(24);
    }
}
