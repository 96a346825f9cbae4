package nl.barriere.detect;

import static nl.barriere.detect.Events.at;
import static nl.barriere.detect.Events.registeredWithOfficer;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import nl.barriere.pseudonym.Pseudonyms;
import nl.barriere.schema.BusinessEvent;
import nl.barriere.schema.RiskSignal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crypto-shredding as detection sees it: a person erased between their third and fourth directorship has two
 * unlinked pseudonyms, so a replay over all five registrations (the old records are never rewritten) cannot link
 * them into one straw man (I8 needs five active businesses of one officer). Without the erasure the same five
 * registrations do.
 */
class ErasureReplayTest {

    private static final byte[] KEY = "unit-test-key-0123456789abcdef0123456789".getBytes(StandardCharsets.UTF_8);
    private static final String PERSON = "123456782";
    private static final LocalDate START = LocalDate.parse("2024-01-01");

    @Test
    void aReplayAfterErasureCannotLinkThePersonsOldAndNewRecords(@TempDir final Path erased, @TempDir final Path kept) {
        // Given five registrations with the same director, pseudonymised as the connectors do, once with the person
        // erased after the third and once without
        final List<BusinessEvent> withErasure = registrations(Pseudonyms.withPersonKeys(KEY, erased), true);
        final List<BusinessEvent> withoutErasure = registrations(Pseudonyms.withPersonKeys(KEY, kept), false);

        // When detection replays each
        final List<RiskSignal> afterErasure = replay(withErasure);
        final List<RiskSignal> control = replay(withoutErasure);

        // Then without erasure the fifth registration makes a straw man; after it, the person is two strangers
        assertThat(control).extracting(s -> s.getIndicators().get(0).getRuleId()).containsExactly("I8");
        assertThat(afterErasure).isEmpty();
        assertThat(withErasure.stream().map(e -> e.getOfficer().getPersonPseudonym()).distinct()).hasSize(2);
        // And the person's old pseudonym cannot be computed from the identifier any more
        assertThat(Pseudonyms.withPersonKeys(KEY, erased).existing(PERSON)).get()
                .isEqualTo(withErasure.get(4).getOfficer().getPersonPseudonym())
                .isNotEqualTo(withErasure.get(0).getOfficer().getPersonPseudonym());
    }

    private static List<BusinessEvent> registrations(final Pseudonyms pseudonyms, final boolean eraseAfterThird) {
        final List<BusinessEvent> events = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            if (i == 4 && eraseAfterThird) {
                assertThat(pseudonyms.erase(PERSON)).isTrue();
            }
            final LocalDate date = START.plusDays(30L * (i - 1));
            events.add(registeredWithOfficer("8000000" + i, at(date.toString()), date.toString().replace("-", ""),
                    String.format("05460100000008%02d", i), pseudonyms.of(PERSON)));
        }
        return events;
    }

    private static List<RiskSignal> replay(final List<BusinessEvent> events) {
        try (DetectionDriver driver = new DetectionDriver()) {
            driver.pipe(events.toArray(BusinessEvent[]::new)).advanceStreamTimeTo(at(START.plusDays(200).toString()));
            assertThat(driver.processed()).isEqualTo(driver.piped());
            return driver.signals();
        }
    }
}
