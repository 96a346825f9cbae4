package nl.barriere.devkit.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;
import nl.barriere.schema.BibobCaseEventType;
import nl.barriere.schema.BusinessEventType;
import nl.barriere.schema.PermitEventType;
import org.junit.jupiter.api.Test;

class GeneratorVolumeTest {

    private static final double TOLERANCE = 0.10;

    @Test
    void leidenThreeYearsMatchesTheProfileWithinTenPercent() {
        // Given three generated Leiden years
        final GeneratorFixture.Generated leiden = GeneratorFixture.leidenThreeYears();
        final Profile profile = Profile.LEIDEN;
        final int years = 3;

        // When the events are counted by kind
        final Map<BusinessEventType, Long> kvk =
                leiden.business().stream()
                        .collect(Collectors.groupingBy(e -> e.getType(), () -> new EnumMap<>(BusinessEventType.class),
                                Collectors.counting()));
        final long registeredInPeriod =
                leiden.business().stream()
                        .filter(e -> e.getType() == BusinessEventType.REGISTERED)
                        .filter(e -> e.getOccurredAt().isAfter(startInstant()))
                        .count();
        final long mutations =
                kvk.entrySet().stream()
                        .filter(e -> e.getKey() != BusinessEventType.REGISTERED && e.getKey() != BusinessEventType.DEREGISTERED)
                        .mapToLong(Map.Entry::getValue)
                        .sum();
        final long submitted =
                leiden.permits().stream().filter(e -> e.getType() == PermitEventType.SUBMITTED).count();
        final long questionnaires =
                leiden.bibob().stream().filter(e -> e.getType() == BibobCaseEventType.QUESTIONNAIRE_RECEIVED).count();
        final long lbbRequests =
                leiden.bibob().stream().filter(e -> e.getType() == BibobCaseEventType.LBB_ADVICE_REQUESTED).count();
        final long snapshot = leiden.business().size() - mutations - registeredInPeriod - kvk.get(BusinessEventType.DEREGISTERED);
        System.out.printf(
                "LEIDEN 3 years: initial %d, registrations %d, mutations %d %s, deregistrations %d, transfers %d, "
                        + "applications %d, questionnaires %d, LBB requests %d%n",
                snapshot, registeredInPeriod, mutations, kvk, kvk.get(BusinessEventType.DEREGISTERED),
                leiden.transfers().size(), submitted, questionnaires, lbbRequests);

        // Then each is within 10% of the profile's yearly volume times three
        assertThat((double) snapshot).isCloseTo(profile.initialEstablishments(), within(profile.initialEstablishments() * TOLERANCE));
        assertNear(registeredInPeriod, profile.registrationsPerYear() * years);
        assertNear(mutations, profile.mutationsPerYear() * years);
        assertNear(kvk.get(BusinessEventType.DEREGISTERED), profile.deregistrationsPerYear() * years);
        assertNear(leiden.transfers().size(), profile.transfersPerYear() * years);
        assertNear(submitted, profile.permitApplicationsPerYear() * years);
        assertNear(questionnaires, profile.bibobQuestionnairesPerYear() * years);
        assertThat(lbbRequests).isBetween((long) years, 3L * years);
    }

    @Test
    void nationalOneYearMatchesTheProfileWithinTenPercent() throws IOException {
        // Given the national profile for one year, counted through the same generation path without writing files
        final GeneratorOptions options = GeneratorOptions.defaults(Profile.NATIONAL, 1, 11L);
        final KindCounter counter = new KindCounter();

        // When it is generated
        final long began = System.nanoTime();
        final Generator.Run run = Generator.run(options, PlantingThresholds.defaults(), counter);
        final double seconds = (System.nanoTime() - began) / 1e9;
        final long total = run.counts().values().stream().mapToLong(Long::longValue).sum();
        System.out.printf(
                "NATIONAL 1 year (counting sink): %s, %d planted cases, %.1f s, %.0f events/s%n",
                run.counts(), run.cases().size(), seconds, total / seconds);

        // Then each flow is within 10% of the profile
        final Profile profile = Profile.NATIONAL;
        assertNear(counter.registeredInPeriod, profile.registrationsPerYear());
        assertNear(counter.mutations, profile.mutationsPerYear());
        assertNear(counter.deregistrations, profile.deregistrationsPerYear());
        assertNear(run.counts().get(GeneratorTopics.PROPERTY_TRANSFERS), profile.transfersPerYear());
        assertNear(counter.submitted, profile.permitApplicationsPerYear());
        assertNear(counter.questionnaires, profile.bibobQuestionnairesPerYear());
        final long transfers = run.counts().get(GeneratorTopics.PROPERTY_TRANSFERS);
        final long described = run.counts().get(GeneratorTopics.MORTGAGES) + run.counts().get(GeneratorTopics.WOZ_VALUATIONS)
                + run.counts().get(GeneratorTopics.BAG_OBJECTS);
        assertThat(total - described).isBetween(2_700_000L, 3_700_000L);
        // and the generator writes a WOZ value and a BAG description per object it sells, a mortgage for most sales
        assertThat(run.counts().get(GeneratorTopics.WOZ_VALUATIONS)).isBetween(transfers / 2, transfers + 1_000);
        assertThat(run.counts().get(GeneratorTopics.BAG_OBJECTS)).isBetween(transfers / 2, transfers + 1_000);
        assertThat(run.counts().get(GeneratorTopics.MORTGAGES)).isBetween(transfers / 3, transfers);
    }

    private static java.time.Instant startInstant() {
        return Background.instant(GeneratorOptions.defaults(Profile.LEIDEN, 3, GeneratorFixture.SEED).start(), 0);
    }

    private static void assertNear(final long actual, final long expected) {
        assertThat((double) actual).isCloseTo(expected, within(expected * TOLERANCE));
    }

    /** Counts by kind, the way the volume table of DOMAIN.md counts. */
    private static final class KindCounter implements EventSink {
        private final CountingSink counts = new CountingSink();
        long registeredInPeriod;
        long mutations;
        long deregistrations;
        long submitted;
        long questionnaires;

        @Override
        public void write(final int topic, final org.apache.avro.specific.SpecificRecord event) {
            counts.write(topic, event);
            if (event instanceof nl.barriere.schema.BusinessEvent e) {
                switch (e.getType()) {
                    case REGISTERED -> {
                        if (e.getOccurredAt().toEpochMilli() % 86_400_000L != 0) {
                            registeredInPeriod++;
                        }
                    }
                    case DEREGISTERED -> deregistrations++;
                    default -> mutations++;
                }
            } else if (event instanceof nl.barriere.schema.PermitEvent e && e.getType() == PermitEventType.SUBMITTED) {
                submitted++;
            } else if (event instanceof nl.barriere.schema.BibobCaseEvent e
                    && e.getType() == BibobCaseEventType.QUESTIONNAIRE_RECEIVED) {
                questionnaires++;
            }
        }

        @Override
        public long count(final int topic) {
            return counts.count(topic);
        }

        @Override
        public void close() {}
    }
}
