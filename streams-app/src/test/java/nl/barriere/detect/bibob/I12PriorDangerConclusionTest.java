package nl.barriere.detect.bibob;

import static nl.barriere.detect.Events.at;
import static nl.barriere.detect.Events.person;
import static nl.barriere.detect.bibob.BibobEvents.appointed;
import static nl.barriere.detect.bibob.BibobEvents.conclusion;
import static nl.barriere.detect.bibob.BibobEvents.decided;
import static nl.barriere.detect.bibob.BibobEvents.permit;
import static nl.barriere.detect.bibob.BibobEvents.registered;
import static nl.barriere.detect.bibob.BibobEvents.resigned;
import static nl.barriere.detect.bibob.BibobEvents.submitted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import nl.barriere.contract.Topics;
import nl.barriere.detect.Ruleset;
import nl.barriere.schema.BibobCaseEvent;
import nl.barriere.schema.BibobCaseEventType;
import nl.barriere.schema.DangerLevel;
import nl.barriere.schema.DangerMatch;
import nl.barriere.schema.EvidenceRef;
import nl.barriere.schema.MatchBasis;
import nl.barriere.schema.PermitEventType;
import nl.barriere.schema.RestrictedContext;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * I12: a permit application whose applicant, an officer of the applicant at the submission, or a named manager
 * has a SERIOUS_DANGER conclusion recorded at or before the time it is evaluated.
 */
class I12PriorDangerConclusionTest {

    private static final String APPLICANT = "40000001";
    private static final String UNRELATED = "40000002";
    private static final String APPLICATION = "HOR-2024-000001";
    private static final String DIRECTOR = person(21);
    private static final String MANAGER = person(22);
    private static final String OTHER_MANAGER = person(23);

    private BibobDriver driver = new BibobDriver();

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void seriousDangerOnTheApplicantGivesOneContextCitingTheCase() {
        // Given the applicant registered on 2024-01-02 and a SERIOUS_DANGER decision on it on 2024-02-01
        final BibobCaseEvent decision = decided("BIB-2024-000001", at("2024-02-01"), APPLICANT, null,
                DangerLevel.SERIOUS_DANGER);
        driver.pipe(registered(APPLICANT, at("2024-01-02"), DIRECTOR), decision);
        // When it applies on 2024-05-01 (stream time moves past it with the flush)
        driver.pipe(submitted(APPLICATION, at("2024-05-01"), APPLICANT, List.of(MANAGER))).advanceStreamTimeTo(at("2026-01-01"));

        // Then one context for the application, matched on the applicant, citing the decision as evidence
        final List<TestRecord<String, RestrictedContext>> out = driver.contexts();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).key()).isEqualTo(APPLICATION);
        assertThat(out.get(0).timestamp()).isEqualTo(at("2024-05-01").toEpochMilli());
        final RestrictedContext context = out.get(0).value();
        assertThat(context.getApplicationId()).isEqualTo(APPLICATION);
        assertThat(context.getRuleId()).isEqualTo("I12");
        assertThat(context.getRuleVersion()).isEqualTo(1);
        assertThat(context.getUpdatedAt()).isEqualTo(at("2024-05-01"));
        assertThat(context.getMatches()).containsExactly(new DangerMatch("BIB-2024-000001", MatchBasis.APPLICANT,
                APPLICANT, DangerLevel.SERIOUS_DANGER, at("2024-02-01"),
                new EvidenceRef(decision.getEventId(), Topics.BIBOB_CASE_EVENTS.name(), 0, 0L, at("2024-02-01"))));
        assertThat(context.getExplanationEn())
                .isEqualTo("Earlier conclusion serious danger in Bibob case BIB-2024-000001 for applicant 40000001.");
        assertThat(context.getExplanationNl())
                .isEqualTo("Eerdere conclusie ernstig gevaar in Bibob-dossier BIB-2024-000001 voor aanvrager 40000001.");
    }

    @Test
    void seriousDangerOnTheApplicantsDirectorAfterLbbAdviceMatchesOnOfficerWithTheDecisionAsEvidence() {
        // Given a director since 2024-01-02, advised SERIOUS_DANGER by the LBB on 2024-02-20 and decided so on 2024-03-01
        final BibobCaseEvent advice = conclusion("BIB-2024-000002", at("2024-02-20"),
                BibobCaseEventType.LBB_ADVICE_RECEIVED, null, DIRECTOR, DangerLevel.SERIOUS_DANGER);
        final BibobCaseEvent decision = decided("BIB-2024-000002", at("2024-03-01"), null, DIRECTOR,
                DangerLevel.SERIOUS_DANGER);
        driver.pipe(registered(APPLICANT, at("2024-01-02"), DIRECTOR), advice, decision);
        // When the business applies on 2024-06-01
        driver.pipe(submitted(APPLICATION, at("2024-06-01"), APPLICANT, List.of(MANAGER))).advanceStreamTimeTo(at("2026-01-01"));

        // Then one match on the officer; the case counts once, with its latest conclusion (the decision)
        final List<TestRecord<String, RestrictedContext>> out = driver.contexts();
        assertThat(out).hasSize(1);
        final DangerMatch match = out.get(0).value().getMatches().get(0);
        assertThat(out.get(0).value().getMatches()).hasSize(1);
        assertThat(match.getMatchedOn()).isEqualTo(MatchBasis.OFFICER);
        assertThat(match.getMatchedId()).isEqualTo(DIRECTOR);
        assertThat(match.getCaseId()).isEqualTo("BIB-2024-000002");
        assertThat(match.getConcludedAt()).isEqualTo(at("2024-03-01"));
        assertThat(match.getEvidence().getEventId()).isEqualTo(decision.getEventId());
        assertThat(out.get(0).value().getExplanationEn()).endsWith("for officer " + DIRECTOR + ".");
    }

    @Test
    void seriousDangerOnANamedManagerMatchesOnManager() {
        // Given a SERIOUS_DANGER decision on a person on 2024-02-01
        driver.pipe(registered(APPLICANT, at("2024-01-02"), DIRECTOR),
                decided("BIB-2024-000003", at("2024-02-01"), null, MANAGER, DangerLevel.SERIOUS_DANGER));
        // When an application on 2024-04-01 names that person as one of its managers
        driver.pipe(submitted(APPLICATION, at("2024-04-01"), APPLICANT, List.of(OTHER_MANAGER, MANAGER))).advanceStreamTimeTo(at("2026-01-01"));

        // Then it matches on the manager
        final List<TestRecord<String, RestrictedContext>> out = driver.contexts();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).value().getMatches()).extracting(DangerMatch::getMatchedOn, DangerMatch::getMatchedId)
                .containsExactly(tuple(MatchBasis.MANAGER, MANAGER));
        assertThat(out.get(0).value().getExplanationNl()).endsWith("voor leidinggevende " + MANAGER + ".");
    }

    @ParameterizedTest
    @EnumSource(value = DangerLevel.class, names = {"LESSER_DANGER", "NO_DANGER"})
    void aConclusionBelowSeriousDangerGivesNothing(final DangerLevel level) {
        // Given a conclusion on the applicant that the ruleset does not count
        driver.pipe(registered(APPLICANT, at("2024-01-02"), DIRECTOR),
                decided("BIB-2024-000004", at("2024-02-01"), APPLICANT, null, level));
        // When it applies
        driver.pipe(submitted(APPLICATION, at("2024-05-01"), APPLICANT, List.of(MANAGER))).advanceStreamTimeTo(at("2026-01-01"));
        // Then no context
        assertThat(driver.contexts()).isEmpty();
    }

    @Test
    void seriousDangerOnAnUnrelatedBusinessGivesNothing() {
        driver.pipe(registered(APPLICANT, at("2024-01-02"), DIRECTOR), registered(UNRELATED, at("2024-01-03"), person(30)),
                decided("BIB-2024-000005", at("2024-02-01"), UNRELATED, null, DangerLevel.SERIOUS_DANGER));
        driver.pipe(submitted(APPLICATION, at("2024-05-01"), APPLICANT, List.of(MANAGER))).advanceStreamTimeTo(at("2026-01-01"));
        assertThat(driver.contexts()).isEmpty();
    }

    @Test
    void anOfficerWhoResignedBeforeTheSubmissionGivesNothing() {
        // Given a director with a SERIOUS_DANGER conclusion who resigned on 2024-04-30, a day before the submission
        driver.pipe(registered(APPLICANT, at("2024-01-02"), DIRECTOR),
                decided("BIB-2024-000006", at("2024-02-01"), null, DIRECTOR, DangerLevel.SERIOUS_DANGER),
                resigned(APPLICANT, at("2024-04-30"), DIRECTOR));
        // When the business applies on 2024-05-01
        driver.pipe(submitted(APPLICATION, at("2024-05-01"), APPLICANT, List.of(MANAGER))).advanceStreamTimeTo(at("2026-01-01"));
        // Then no context: the director is not the applicant's officer any more
        assertThat(driver.contexts()).isEmpty();
    }

    @Test
    void anOfficerWhoResignsAfterTheSubmissionStillMatches() {
        // Given an officer appointed on 2024-03-01 with a SERIOUS_DANGER conclusion, resigning the day after the submission
        driver.pipe(registered(APPLICANT, at("2024-01-02"), null), appointed(APPLICANT, at("2024-03-01"), DIRECTOR),
                decided("BIB-2024-000007", at("2024-03-15"), null, DIRECTOR, DangerLevel.SERIOUS_DANGER),
                submitted(APPLICATION, at("2024-05-01"), APPLICANT, List.of(MANAGER)),
                resigned(APPLICANT, at("2024-05-02"), DIRECTOR)).advanceStreamTimeTo(at("2026-01-01"));
        // Then the application matches on the officer, once: the resignation does not change who applied
        final List<TestRecord<String, RestrictedContext>> out = driver.contexts();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).value().getMatches()).extracting(DangerMatch::getMatchedOn).containsExactly(MatchBasis.OFFICER);
    }

    @Test
    void aConclusionOnTheSubmissionInstantCountsAndEmitsOnce() {
        // Given a conclusion and a submission with the same event time, piped submission first
        driver.pipe(registered(APPLICANT, at("2024-01-02"), DIRECTOR),
                submitted(APPLICATION, at("2024-05-01"), APPLICANT, List.of(MANAGER)),
                decided("BIB-2024-000008", at("2024-05-01"), APPLICANT, null, DangerLevel.SERIOUS_DANGER)).advanceStreamTimeTo(at("2026-01-01"));
        // Then one context: "at or before" includes the same instant, and conclusions are applied first on a tie
        final List<TestRecord<String, RestrictedContext>> out = driver.contexts();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).value().getUpdatedAt()).isEqualTo(at("2024-05-01"));
    }

    @Test
    void aConclusionAfterTheSubmissionUpdatesTheOpenApplication() {
        // Given an application on 2024-05-01 with a match on its manager
        driver.pipe(registered(APPLICANT, at("2024-01-02"), DIRECTOR),
                decided("BIB-2024-000009", at("2024-02-01"), null, MANAGER, DangerLevel.SERIOUS_DANGER),
                submitted(APPLICATION, at("2024-05-01"), APPLICANT, List.of(MANAGER)));
        // When a SERIOUS_DANGER decision on the applicant's director follows on 2024-05-20, before the permit decision
        final BibobCaseEvent later = decided("BIB-2024-000010", at("2024-05-20"), null, DIRECTOR,
                DangerLevel.SERIOUS_DANGER);
        driver.pipe(later).advanceStreamTimeTo(at("2026-01-01"));

        // Then a second context with both matches, oldest first, stamped with the new conclusion's time
        final List<TestRecord<String, RestrictedContext>> out = driver.contexts();
        assertThat(out).hasSize(2);
        assertThat(out.get(0).value().getMatches()).hasSize(1);
        final RestrictedContext updated = out.get(1).value();
        assertThat(updated.getUpdatedAt()).isEqualTo(at("2024-05-20"));
        assertThat(updated.getMatches()).extracting(DangerMatch::getCaseId, DangerMatch::getMatchedOn)
                .containsExactly(tuple("BIB-2024-000009", MatchBasis.MANAGER),
                        tuple("BIB-2024-000010", MatchBasis.OFFICER));
        assertThat(updated.getMatches().get(1).getEvidence().getEventId()).isEqualTo(later.getEventId());
        assertThat(updated.getExplanationEn()).isEqualTo(
                "Earlier conclusion serious danger in Bibob case BIB-2024-000009 for manager " + MANAGER + "."
                        + " Earlier conclusion serious danger in Bibob case BIB-2024-000010 for officer " + DIRECTOR + ".");
    }

    @Test
    void aConclusionAfterTheDecisionLeavesTheApplicationAlone() {
        driver.pipe(registered(APPLICANT, at("2024-01-02"), DIRECTOR),
                submitted(APPLICATION, at("2024-05-01"), APPLICANT, List.of(MANAGER)),
                permit(APPLICATION, at("2024-06-15"), PermitEventType.DECIDED, APPLICANT, List.of(MANAGER)),
                decided("BIB-2024-000011", at("2024-07-01"), APPLICANT, null, DangerLevel.SERIOUS_DANGER)).advanceStreamTimeTo(at("2026-01-01"));
        assertThat(driver.contexts()).isEmpty();
    }

    @Test
    void nothingIsEmittedWhenTheMatchesStayTheSame() {
        // Given an application with a match on the applicant
        driver.pipe(registered(APPLICANT, at("2024-01-02"), DIRECTOR),
                decided("BIB-2024-000012", at("2024-02-01"), APPLICANT, null, DangerLevel.SERIOUS_DANGER),
                submitted(APPLICATION, at("2024-05-01"), APPLICANT, List.of(MANAGER)));
        // When steps follow that change none of the matches: the application is completed, an unrelated officer is
        // appointed, and a conclusion below serious danger arrives in another case on the applicant
        driver.pipe(permit(APPLICATION, at("2024-05-10"), PermitEventType.COMPLETED, APPLICANT, List.of(MANAGER)),
                appointed(APPLICANT, at("2024-05-11"), person(40)),
                decided("BIB-2024-000013", at("2024-05-12"), APPLICANT, null, DangerLevel.LESSER_DANGER)).advanceStreamTimeTo(at("2026-01-01"));
        // Then only the first context was emitted
        assertThat(driver.contexts()).hasSize(1);
    }

    @Test
    void aDecisionThatDowngradesTheAdviceRemovesTheContext() {
        // Given an open application matched on the LBB's SERIOUS_DANGER advice about the applicant
        driver.pipe(registered(APPLICANT, at("2024-01-02"), DIRECTOR),
                conclusion("BIB-2024-000014", at("2024-04-01"), BibobCaseEventType.LBB_ADVICE_RECEIVED, APPLICANT, null,
                        DangerLevel.SERIOUS_DANGER),
                submitted(APPLICATION, at("2024-05-01"), APPLICANT, List.of(MANAGER)));
        // When the municipality decides LESSER_DANGER in that case on 2024-05-15
        driver.pipe(decided("BIB-2024-000014", at("2024-05-15"), APPLICANT, null, DangerLevel.LESSER_DANGER)).advanceStreamTimeTo(at("2026-01-01"));

        // Then the context is withdrawn with a tombstone at the decision's time
        final List<TestRecord<String, RestrictedContext>> out = driver.contexts();
        assertThat(out).hasSize(2);
        assertThat(out.get(1).key()).isEqualTo(APPLICATION);
        assertThat(out.get(1).value()).isNull();
        assertThat(out.get(1).timestamp()).isEqualTo(at("2024-05-15").toEpochMilli());
    }

    @Test
    void aManagerChangeOnAGrantedLicenceIsChecked() {
        // Given a decided application and a SERIOUS_DANGER conclusion on a person
        driver.pipe(registered(APPLICANT, at("2024-01-02"), DIRECTOR),
                decided("BIB-2024-000015", at("2024-02-01"), null, OTHER_MANAGER, DangerLevel.SERIOUS_DANGER),
                submitted(APPLICATION, at("2024-05-01"), APPLICANT, List.of(MANAGER)),
                permit(APPLICATION, at("2024-06-15"), PermitEventType.DECIDED, APPLICANT, List.of(MANAGER)));
        // When the licence holder notifies that person as the new manager
        driver.pipe(permit(APPLICATION, at("2024-09-01"), PermitEventType.MANAGER_CHANGED, APPLICANT,
                List.of(OTHER_MANAGER))).advanceStreamTimeTo(at("2026-01-01"));
        // Then the application gets a context matched on the new manager
        final List<TestRecord<String, RestrictedContext>> out = driver.contexts();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).value().getMatches()).extracting(DangerMatch::getMatchedId).containsExactly(OTHER_MANAGER);
        assertThat(out.get(0).value().getUpdatedAt()).isEqualTo(at("2024-09-01"));
    }

    @Test
    void aDisabledI12EmitsNothing() {
        driver.close();
        driver = new BibobDriver(Ruleset.load("v1").withDisabled("I12"));
        driver.pipe(registered(APPLICANT, at("2024-01-02"), DIRECTOR),
                decided("BIB-2024-000016", at("2024-02-01"), APPLICANT, null, DangerLevel.SERIOUS_DANGER),
                submitted(APPLICATION, at("2024-05-01"), APPLICANT, List.of(MANAGER))).advanceStreamTimeTo(at("2026-01-01"));
        assertThat(driver.contexts()).isEmpty();
    }
}
