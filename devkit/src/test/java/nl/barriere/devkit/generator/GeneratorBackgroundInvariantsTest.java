package nl.barriere.devkit.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nl.barriere.schema.BibobCaseEvent;
import nl.barriere.schema.BusinessEvent;
import nl.barriere.schema.BusinessEventType;
import nl.barriere.schema.DangerLevel;
import nl.barriere.schema.PermitEvent;
import nl.barriere.schema.PermitEventType;
import nl.barriere.schema.PermitKind;
import nl.barriere.schema.PropertyTransfer;
import org.junit.jupiter.api.Test;

/**
 * Recomputes, straight from the Leiden files, that the background (every event the ground truth does not name)
 * stays clear of the indicator thresholds.
 */
class GeneratorBackgroundInvariantsTest {

    private final GeneratorFixture.Generated leiden = GeneratorFixture.leidenThreeYears();
    private final Set<String> planted = plantedEventIds();

    private Set<String> plantedEventIds() {
        final Set<String> ids = new HashSet<>();
        leiden.groundTruth().get("cases").forEach(c -> c.get("eventIds").forEach(id -> ids.add(id.asText())));
        return ids;
    }

    private List<PropertyTransfer> backgroundTransfers() {
        return leiden.transfers().stream().filter(t -> !planted.contains(t.getEventId())).toList();
    }

    private List<BusinessEvent> backgroundBusiness() {
        return leiden.business().stream().filter(e -> !planted.contains(e.getEventId())).toList();
    }

    @Test
    void noBackgroundObjectIsResoldWithin183DaysAtOnePointTwoTimesOrMore() {
        // Given the background transfers per object, in deed order
        final Map<String, PropertyTransfer> previous = new HashMap<>();
        int resales = 0;
        for (final PropertyTransfer transfer : backgroundTransfers()) {
            final PropertyTransfer before = previous.put(transfer.getBagVboId(), transfer);
            if (before == null) {
                continue;
            }
            resales++;
            // Then no resale is an ABC transaction (I1)
            final long days = ChronoUnit.DAYS.between(before.getDeedDate(), transfer.getDeedDate());
            final boolean abc = days <= 183 && transfer.getPrice() >= 1.2 * before.getPrice();
            assertThat(abc).as(transfer.getEventId()).isFalse();
            assertThat(days).as(transfer.getEventId()).isGreaterThan(183);
        }
        assertThat(resales).as("resales in three years").isPositive();
    }

    @Test
    void backgroundPricesStayInsideTheWozBandAndNoMortgageOnlyForCheapPersonPurchases() {
        // Given the WOZ value in force at each deed (tax year = valuation year + 1) and the mortgages per object
        final Map<String, Long> wozByObjectAndTaxYear = new HashMap<>();
        leiden.valuations().forEach(v -> wozByObjectAndTaxYear.put(
                v.getBagVboId() + "/" + (v.getValuationDate().getYear() + 1), v.getValue()));
        final Map<String, List<LocalDate>> mortgages = new HashMap<>();
        leiden.mortgages().forEach(m -> mortgages.computeIfAbsent(m.getBagVboId(), k -> new ArrayList<>()).add(m.getDeedDate()));
        final LocalDate periodEnd = GeneratorOptions.defaults(Profile.LEIDEN, 3, GeneratorFixture.SEED).end();
        for (final PropertyTransfer transfer : backgroundTransfers()) {
            final Long woz = wozByObjectAndTaxYear.get(transfer.getBagVboId() + "/" + transfer.getDeedDate().getYear());
            assertThat(woz).as(transfer.getEventId() + " has a WOZ value in force").isNotNull();
            final double ratio = transfer.getPrice() / (double) woz;
            assertThat(ratio).as(transfer.getEventId()).isBetween(0.7, 1.5);
            final boolean mortgaged = mortgages.getOrDefault(transfer.getBagVboId(), List.of()).stream()
                    .anyMatch(d -> !d.isBefore(transfer.getDeedDate().minusDays(30))
                            && !d.isAfter(transfer.getDeedDate().plusDays(30)));
            // (a mortgage that would be registered after the period has not happened yet)
            final boolean windowInPeriod = transfer.getDeedDate().plusDays(30).isBefore(periodEnd);
            if (!mortgaged && windowInPeriod) {
                assertThat(transfer.getBuyer().getPersonPseudonym()).as(transfer.getEventId()).isNotNull();
                assertThat(transfer.getPrice()).as(transfer.getEventId()).isLessThan(Profile.LEIDEN.medianPrice());
            }
        }
    }

    @Test
    void noBackgroundBuyerMakesThreeAcquisitionsInTwelveMonths() {
        final Map<String, List<LocalDate>> byBuyer = new HashMap<>();
        for (final PropertyTransfer transfer : backgroundTransfers()) {
            final String buyer =
                    transfer.getBuyer().getKvkNumber() != null ? transfer.getBuyer().getKvkNumber()
                            : transfer.getBuyer().getPersonPseudonym();
            byBuyer.computeIfAbsent(buyer, k -> new ArrayList<>()).add(transfer.getDeedDate());
        }
        byBuyer.forEach((buyer, dates) -> {
            for (int i = 2; i < dates.size(); i++) {
                assertThat(dates.get(i - 2).plusMonths(12)).as(buyer).isBefore(dates.get(i));
            }
        });
    }

    @Test
    void noBackgroundObjectHasTenActiveOrFiveNewEstablishmentsInNinetyDays() {
        // Given where each background establishment is, replayed in event order
        final Map<String, String> location = new HashMap<>();
        final Map<String, Integer> activeAt = new HashMap<>();
        final Map<String, List<Long>> arrivals = new HashMap<>();
        int maxActive = 0;
        for (final BusinessEvent event : backgroundBusiness()) {
            final String kvk = event.getKvkNumber();
            if (event.getType() == BusinessEventType.REGISTERED || event.getType() == BusinessEventType.ADDRESS_CHANGED) {
                final String from = location.put(kvk, event.getAddress().getBagVboId());
                if (from != null) {
                    activeAt.merge(from, -1, Integer::sum);
                }
                final String to = event.getAddress().getBagVboId();
                maxActive = Math.max(maxActive, activeAt.merge(to, 1, Integer::sum));
                arrivals.computeIfAbsent(to, k -> new ArrayList<>()).add(event.getOccurredAt().toEpochMilli());
            } else if (event.getType() == BusinessEventType.DEREGISTERED) {
                activeAt.merge(location.remove(kvk), -1, Integer::sum);
            }
        }

        // Then fewer than 10 are ever active on one object, and fewer than 5 arrive within 90 days (I6)
        assertThat(maxActive).isLessThan(10);
        final long ninetyDays = 90L * 86_400_000L;
        arrivals.forEach((bag, times) -> {
            for (int i = 4; i < times.size(); i++) {
                assertThat(times.get(i) - times.get(i - 4)).as(bag).isGreaterThan(ninetyDays);
            }
        });
    }

    @Test
    void noBackgroundBusinessHasThreeOfficerChangesInTwelveMonthsAndNoOfficerHoldsFiveEntities() {
        final Map<String, List<Long>> changes = new HashMap<>();
        final Map<String, Set<String>> entitiesOf = new HashMap<>();
        final Map<String, Set<String>> officersOf = new HashMap<>();
        int maxEntities = 0;
        for (final BusinessEvent event : backgroundBusiness()) {
            final String kvk = event.getKvkNumber();
            switch (event.getType()) {
                case REGISTERED, OFFICER_APPOINTED -> {
                    final String person = event.getOfficer().getPersonPseudonym();
                    entitiesOf.computeIfAbsent(person, k -> new HashSet<>()).add(kvk);
                    officersOf.computeIfAbsent(kvk, k -> new HashSet<>()).add(person);
                    maxEntities = Math.max(maxEntities, entitiesOf.get(person).size());
                    if (event.getType() == BusinessEventType.OFFICER_APPOINTED) {
                        changes.computeIfAbsent(kvk, k -> new ArrayList<>()).add(event.getOccurredAt().toEpochMilli());
                    }
                }
                case OFFICER_RESIGNED -> {
                    final String person = event.getOfficer().getPersonPseudonym();
                    assertThat(officersOf.get(kvk)).as("resigns only after appointment").contains(person);
                    officersOf.get(kvk).remove(person);
                    entitiesOf.get(person).remove(kvk);
                    changes.computeIfAbsent(kvk, k -> new ArrayList<>()).add(event.getOccurredAt().toEpochMilli());
                }
                case DEREGISTERED -> {
                    assertThat(officersOf).as("deregistered once, after registration").containsKey(kvk);
                    officersOf.remove(kvk).forEach(person -> entitiesOf.get(person).remove(kvk));
                }
                default -> { }
            }
        }
        assertThat(maxEntities).as("active entities of one officer (I8)").isLessThan(5);
        final long year = 366L * 86_400_000L;
        changes.forEach((kvk, times) -> {
            for (int i = 2; i < times.size(); i++) {
                assertThat(times.get(i) - times.get(i - 2)).as(kvk).isGreaterThan(year);
            }
        });
    }

    @Test
    void backgroundPermitsHaveAtMostTwoApplicantsPerObjectAndNoFreshApplicants() {
        // Given the background applications and the registrations and reshuffles of their applicants
        final Map<String, Set<String>> applicantsPerObject = new HashMap<>();
        final Set<String> reshuffled = new HashSet<>();
        final Map<String, String> startDates = new HashMap<>();
        for (final BusinessEvent event : backgroundBusiness()) {
            if (event.getType() == BusinessEventType.REGISTERED) {
                startDates.put(event.getKvkNumber(), event.getStartDate());
            } else if (event.getType() == BusinessEventType.LEGAL_FORM_CHANGED
                    || event.getType() == BusinessEventType.TRANSFERRED) {
                reshuffled.add(event.getKvkNumber());
            }
        }
        for (final PermitEvent permit : leiden.permits()) {
            if (planted.contains(permit.getEventId()) || permit.getType() != PermitEventType.SUBMITTED) {
                continue;
            }
            if (permit.getPermitKind() != PermitKind.TERRAS) {
                applicantsPerObject.computeIfAbsent(permit.getBagVboId(), k -> new HashSet<>())
                        .add(permit.getApplicantKvkNumber());
            }
            final String startDate = startDates.get(permit.getApplicantKvkNumber());
            final LocalDate started =
                    LocalDate.of(Integer.parseInt(startDate.substring(0, 4)), Integer.parseInt(startDate.substring(4, 6)), 1);
            final LocalDate submitted = permit.getOccurredAt().atZone(java.time.ZoneOffset.UTC).toLocalDate();
            // Then the applicant is older than 3 months and never reshuffled (I11)
            assertThat(started.plusMonths(4)).as(permit.getApplicationId()).isBefore(submitted);
            assertThat(reshuffled).doesNotContain(permit.getApplicantKvkNumber());
        }
        // and no object sees 3 applicants (I10)
        assertThat(applicantsPerObject.values()).allMatch(applicants -> applicants.size() <= 2);
    }

    @Test
    void noBackgroundBibobConclusionIsSeriousDanger() {
        final List<BibobCaseEvent> background =
                leiden.bibob().stream().filter(e -> !planted.contains(e.getEventId())).toList();
        assertThat(background).isNotEmpty().noneMatch(e -> e.getAdviceOutcome() == DangerLevel.SERIOUS_DANGER);
        assertThat(background).anyMatch(e -> e.getAdviceOutcome() == DangerLevel.LESSER_DANGER);
    }
}
