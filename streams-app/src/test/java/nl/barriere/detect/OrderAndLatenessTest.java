package nl.barriere.detect;

import static nl.barriere.detect.Events.at;
import static nl.barriere.detect.Events.person;
import static nl.barriere.detect.Events.registered;
import static nl.barriere.detect.Events.transfer;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.barriere.contract.DeadLetters;
import nl.barriere.contract.Topics;
import nl.barriere.detect.Ruleset.IndicatorRule;
import nl.barriere.platform.Metrics;
import nl.barriere.platform.PrometheusScrape;
import nl.barriere.schema.BusinessEvent;
import nl.barriere.schema.DeadLetter;
import nl.barriere.schema.PropertyTransfer;
import nl.barriere.schema.RiskSignal;
import org.junit.jupiter.api.Test;

/**
 * How detection orders what arrives: per-source lateness, late events, a far-future year, an event that fails
 * half-way, and the background release of a backlog. Record timestamps are the time the broker received a record,
 * as on Barrière's input topics.
 */
class OrderAndLatenessTest {

    private static final String BAG = "0546010000000901";

    @Test
    void anEventWithinItsSourcesLatenessIsPutInItsPlace() {
        try (DetectionDriver inOrder = new DetectionDriver(); DetectionDriver delayed = new DetectionDriver()) {
            // Given a sale on 2024-01-10 and a resale on 2024-01-20 at 1.5 times the price
            final PropertyTransfer first = transfer(BAG, "2024-01-10", 200_000, null, false, person(11));
            final PropertyTransfer second = transfer(BAG, "2024-01-20", 300_000, null, false, person(12));
            // When one detector gets them in order, and another gets the first deed 13 days after it was registered,
            // after the second (the land register may deliver 14 days late)
            inOrder.pipe(Topics.KADASTER_PROPERTY_TRANSFERS, first, at("2024-01-10"))
                    .pipe(Topics.KADASTER_PROPERTY_TRANSFERS, second, at("2024-01-20"))
                    .advanceStreamTimeTo(at("2024-03-01"));
            delayed.pipe(Topics.KADASTER_PROPERTY_TRANSFERS, second, at("2024-01-20"))
                    .pipe(Topics.KADASTER_PROPERTY_TRANSFERS, first, at("2024-01-23"))
                    .advanceStreamTimeTo(at("2024-03-01"));

            // Then both processed both, refused nothing, and emitted the same I1 signal
            assertThat(delayed.deadLetters()).isEmpty();
            assertThat(delayed.processed()).isEqualTo(2).isEqualTo(inOrder.processed());
            assertThat(delayed.signals()).extracting(RiskSignal::getSignalId)
                    .containsExactlyElementsOf(inOrder.signals().stream().map(RiskSignal::getSignalId).toList())
                    .hasSize(1);
        }
    }

    @Test
    void anEventLaterThanItsSourcesLatenessIsADeadLetterWithStageLateAndMovesNoClock() {
        try (DetectionDriver driver = new DetectionDriver()) {
            // Given detection has accepted a registration of 2024-03-20
            driver.pipe(registered("70000001", at("2024-03-20"), "20240320", "7022", "0546010000000911"));
            // When a KvK change of 2024-03-05 arrives now: 15 days behind, past the 14-day hold
            final BusinessEvent late = registered("70000002", at("2024-03-05"), "20240305", "7022", "0546010000000912");
            driver.pipe(Topics.KVK_BUSINESS_EVENTS, late, at("2024-03-21"));
            driver.advanceStreamTimeTo(at("2024-05-01"));

            // Then it is a dead letter with stage late that says why, with its original bytes; the clock did not move
            // back, and only the registration of 2024-03-20 was processed
            final List<DeadLetter> letters = driver.deadLetters();
            assertThat(letters).hasSize(1);
            assertThat(letters.get(0).getStage()).isEqualTo(DeadLetters.LATE);
            assertThat(letters.get(0).getReason()).startsWith("late: occurredAt 2024-03-05T12:00:00Z is 15d behind the "
                    + "newest event time 2024-03-20T12:00:00Z").contains("kvk.business-events arrive up to 8d late");
            assertThat(letters.get(0).getOffset()).isEqualTo(1L);
            assertThat(driver.processed()).isEqualTo(1);
            assertThat(driver.clock()).isEqualTo(at("2024-05-01"));
            // And the metrics count it under stage and reason late, on its topic
            assertThat(PrometheusScrape.now().value(Metrics.DEAD_LETTERS, Map.of("app", driver.applicationId(),
                    "stage", "late", "reason", "late", "topic", Topics.KVK_BUSINESS_EVENTS.name()))).contains(1.0);
        }
    }

    @Test
    void aYearTypedWrongIsRefusedAndMovesNoClock() {
        try (DetectionDriver driver = new DetectionDriver()) {
            // Given a registration of 2024-03-01
            driver.pipe(Topics.KVK_BUSINESS_EVENTS, registered("70000011", at("2024-03-01"), "20240301", "7022",
                    "0546010000000921"), at("2024-03-01"));
            // When a change typed 2105 instead of 2025 arrives on 2024-03-02, then valid events of the next days
            driver.pipe(Topics.KVK_BUSINESS_EVENTS, registered("70000012", at("2105-03-02"), "20240302", "7022",
                    "0546010000000922"), at("2024-03-02"));
            driver.pipe(Topics.KVK_BUSINESS_EVENTS, registered("70000013", at("2024-03-03"), "20240303", "7022",
                    "0546010000000923"), at("2024-03-03"));
            driver.pipe(Topics.KVK_BUSINESS_EVENTS, registered("70000014", at("2024-03-04"), "20240304", "7022",
                    "0546010000000924"), at("2024-03-04"));

            // Then the 2105 event is refused by ingest, the clock stands at the newest valid event, and nothing after
            // it is late
            assertThat(driver.deadLetters()).singleElement().satisfies(letter -> {
                assertThat(letter.getStage()).isEqualTo(DeadLetters.INGEST);
                assertThat(letter.getReason()).startsWith("occurredAt: 2105-03-02T12:00:00Z is more than a day after "
                        + "the record was written to Kafka: an event cannot have happened after it was reported");
            });
            assertThat(driver.clock()).isEqualTo(at("2024-03-04"));
            driver.advanceStreamTimeTo(at("2024-04-01"));
            assertThat(driver.deadLetters()).isEmpty();
            assertThat(driver.processed()).isEqualTo(3);
        }
    }

    @Test
    void aDeedRegisteredOutOfTurnTakesItsPlaceByDeedDate() {
        try (DetectionDriver driver = new DetectionDriver()) {
            // Given sales of one object with deeds of 2024-01-10 (250,000) and 2024-04-01 (400,000), and a deed of
            // 2024-02-01 (260,000) that was registered only on 2024-04-05, after the later one
            final PropertyTransfer january = transfer(BAG, "2024-01-10", 250_000, null, false, person(21));
            final PropertyTransfer april = transfer(BAG, "2024-04-01", 400_000, null, false, person(22));
            final PropertyTransfer february = PropertyTransfer.newBuilder(
                    transfer(BAG, "2024-02-01", 260_000, null, false, person(23))).setOccurredAt(at("2024-04-05")).build();
            // When they arrive as registered
            driver.pipe(january, april, february).advanceStreamTimeTo(at("2024-06-01"));

            // Then the resale is judged between deeds next to each other by date: first January → April (February
            // was not yet known), then, with February in its place, February → April (1.54 times in 60 days)
            assertThat(driver.processed()).isEqualTo(3);
            final List<RiskSignal> signals = driver.signals();
            assertThat(signals).hasSize(2);
            assertThat(signals.get(0).getIndicators().get(0).getEvidence()).extracting(e -> e.getEventId())
                    .containsExactly(january.getEventId(), april.getEventId());
            assertThat(signals.get(1).getIndicators().get(0).getEvidence()).extracting(e -> e.getEventId())
                    .containsExactlyInAnyOrder(february.getEventId(), april.getEventId());
            assertThat(signals.get(1).getIndicators().get(0).getParameters()).containsEntry("daysBetween", "60");
            assertThat(signals.get(1).getSupersedes()).isEqualTo(signals.get(0).getSignalId());
        }
    }

    @Test
    void anEventOnWhichAnIndicatorFailsIsADeadLetterAndLeavesNoTraceInTheState() {
        // Given I1 with a bug that throws on one particular transfer, after the transfer was added to the state
        final PropertyTransfer first = transfer(BAG, "2024-01-10", 200_000, null, false, person(31));
        final PropertyTransfer broken = transfer(BAG, "2024-02-10", 210_000, null, false, person(32));
        final PropertyTransfer resale = transfer(BAG, "2024-03-10", 300_000, null, false, person(33));
        final List<Indicator> indicators = new ArrayList<>(Indicators.ALL);
        final Indicator i1 = indicators.stream().filter(i -> i.id().equals("I1")).findFirst().orElseThrow();
        indicators.set(indicators.indexOf(i1), new Indicator() {
            @Override
            public String id() {
                return "I1";
            }

            @Override
            public List<Finding> evaluate(final SourcedEvent event, final EntityState state, final IndicatorRule rule) {
                if (event.eventId().equals(broken.getEventId())) {
                    throw new IllegalStateException("a bug in I1");
                }
                return i1.evaluate(event, state, rule);
            }
        });
        try (DetectionDriver driver = new DetectionDriver(Ruleset.load("v1"), indicators)) {
            // When the three transfers arrive
            driver.pipe(first, broken, resale).advanceStreamTimeTo(at("2024-05-01"));

            // Then the broken one is a dead letter of stage detect, and the state never held it: the resale is judged
            // against the first sale (1.5 times), not against the broken one
            assertThat(driver.deadLetters()).singleElement().satisfies(letter -> {
                assertThat(letter.getStage()).isEqualTo(DeadLetters.DETECT);
                assertThat(letter.getReason()).startsWith("detection failed, state left as before the record: "
                        + "java.lang.IllegalStateException: a bug in I1");
                assertThat(letter.getOffset()).isEqualTo(1L);
            });
            assertThat(driver.processed()).isEqualTo(2);
            assertThat(driver.signals()).singleElement().satisfies(signal -> assertThat(
                    signal.getIndicators().get(0).getEvidence()).extracting(e -> e.getEventId())
                    .containsExactly(first.getEventId(), resale.getEventId()));
        }
    }

    @Test
    void aBacklogThatFallsDueAtOnceIsReleasedInTheBackgroundWhenTheInputPauses() {
        try (DetectionDriver driver = new DetectionDriver()) {
            // Given a register snapshot of 2,500 registrations sharing one time, and then one event 15 days later
            final Instant snapshot = at("2024-01-01");
            for (int i = 0; i < 2_500; i++) {
                driver.pipe(registered(String.format("71%06d", i), snapshot, "20240101", "7022",
                        String.format("05460100%08d", i)));
            }
            driver.pipe(registered("72000000", snapshot.plus(Duration.ofDays(15)), "20240116", "7022", "0546010099000000"));

            // When the input pauses: one record releases at most a thousand events
            assertThat(driver.processed()).isEqualTo(1_000);

            // Then the background release takes up to 5,000 every 200 ms of wall-clock time, and the order is unchanged
            driver.advanceWallClockTime(Duration.ofMillis(200));
            assertThat(driver.processed()).isEqualTo(2_500);
            assertThat(driver.deadLetters()).isEmpty();
        }
    }
}
