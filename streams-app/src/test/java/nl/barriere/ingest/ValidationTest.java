package nl.barriere.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import nl.barriere.contract.DeadLetters;
import nl.barriere.schema.Address;
import nl.barriere.schema.BibobCaseEvent;
import nl.barriere.schema.BibobCaseEventType;
import nl.barriere.schema.BusinessEvent;
import nl.barriere.schema.BusinessEventType;
import nl.barriere.schema.DangerLevel;
import nl.barriere.schema.LegalForm;
import nl.barriere.schema.Officer;
import nl.barriere.schema.OfficerRole;
import nl.barriere.schema.Party;
import nl.barriere.schema.PermitEvent;
import nl.barriere.schema.PermitEventType;
import nl.barriere.schema.PermitKind;
import nl.barriere.schema.PermitOutcome;
import nl.barriere.schema.PropertyTransfer;
import nl.barriere.schema.Source;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One test per rule of {@link Validation}: each starts from a valid baseline event, breaks one thing and asserts
 * the exact message an operator will read on the dead letter.
 */
class ValidationTest {

    static final String PERSON = "p-" + "0123456789abcdef".repeat(4);
    static final String OTHER_PERSON = "p-" + "fedcba9876543210".repeat(4);
    static final Instant AT = Instant.parse("2025-03-01T09:30:00Z");
    static final long NEWEST = AT.toEpochMilli();
    static final String BAG = "0546010000012345";

    static BusinessEvent.Builder registered() {
        return BusinessEvent.newBuilder()
                .setEventId("kvk-000000001")
                .setOccurredAt(AT)
                .setSource(new Source("kvk-mutatieservice", "mutatie-1"))
                .setType(BusinessEventType.REGISTERED)
                .setKvkNumber("12345678")
                .setEstablishmentNumber("000012345678")
                .setLegalForm(LegalForm.BV)
                .setSbiCodes(List.of("5610", "68"))
                .setStartDate("20150600")
                .setAddress(new Address(BAG, "2311AB", "12"))
                .setOfficer(new Officer(PERSON, null, OfficerRole.DIRECTOR));
    }

    /** A business event of {@code type} with nothing set but the envelope and the KvK number. */
    static BusinessEvent.Builder bare(final BusinessEventType type) {
        return BusinessEvent.newBuilder()
                .setEventId("kvk-000000002")
                .setOccurredAt(AT)
                .setSource(new Source("kvk-mutatieservice", "mutatie-2"))
                .setType(type)
                .setKvkNumber("12345678");
    }

    static PropertyTransfer.Builder transfer() {
        return PropertyTransfer.newBuilder()
                .setEventId("kad-000000001")
                .setOccurredAt(AT)
                .setSource(new Source("kadaster-brk", "akte-1"))
                .setBagVboId(BAG)
                .setCadastralParcel("LDN01 K 4521")
                .setDeedDate(AT.atZone(ZoneOffset.UTC).toLocalDate())
                .setPrice(350_000L)
                .setBuyer(new Party("87654321", null))
                .setSeller(new Party(null, PERSON));
    }

    static nl.barriere.schema.WozValuation.Builder woz() {
        return nl.barriere.schema.WozValuation.newBuilder()
                .setEventId("woz-000000001").setOccurredAt(AT).setSource(new Source("woz-bevragen", "054600000001/2023"))
                .setBagVboId(BAG).setWozObjectNumber("054600000001").setValuationDate(java.time.LocalDate.of(2023, 1, 1))
                .setValue(330_000L);
    }

    static nl.barriere.schema.MortgageRegistered.Builder mortgage() {
        return nl.barriere.schema.MortgageRegistered.newBuilder()
                .setEventId("mtg-000000001").setOccurredAt(AT).setSource(new Source("kadaster-brk", "hypotheekakte-1"))
                .setBagVboId(BAG).setCadastralParcel("LDN01 K 4521").setDeedDate(AT.atZone(ZoneOffset.UTC).toLocalDate())
                .setAmount(280_000L);
    }

    static nl.barriere.schema.BagObject.Builder bagObject() {
        return nl.barriere.schema.BagObject.newBuilder()
                .setEventId("bag-000000001").setOccurredAt(AT).setSource(new Source("bag-lvbag", "v1"))
                .setBagVboId(BAG).setStatus("Verblijfsobject in gebruik")
                .setPurposes(List.of(nl.barriere.schema.BagPurpose.KANTOORFUNCTIE))
                .setBuildingIds(List.of("0546100000000001")).setObjectsInBuilding(12);
    }

    static PermitEvent.Builder permit() {
        return PermitEvent.newBuilder()
                .setEventId("hor-000000001")
                .setOccurredAt(AT)
                .setSource(new Source("horeca-zaaksysteem", "zaak-1"))
                .setApplicationId("HOR-2025-000001")
                .setType(PermitEventType.SUBMITTED)
                .setPermitKind(PermitKind.EXPLOITATIE)
                .setApplicantKvkNumber("12345678")
                .setEstablishmentNumber("000012345678")
                .setBagVboId(BAG)
                .setManagerPseudonyms(List.of(PERSON, OTHER_PERSON));
    }

    static BibobCaseEvent.Builder bibob() {
        return BibobCaseEvent.newBuilder()
                .setEventId("bib-000000001")
                .setOccurredAt(AT)
                .setSource(new Source("bibob-zaaksysteem", "dossier-1"))
                .setCaseId("BIB-2025-000001")
                .setApplicationId("HOR-2025-000001")
                .setSubjectKvkNumber("12345678")
                .setType(BibobCaseEventType.QUESTIONNAIRE_RECEIVED);
    }

    static List<String> problems(final SpecificRecord event) {
        return Validation.problems(event, NEWEST);
    }

    @Test
    void validBaselinesOfEveryTypePass() {
        // Given one valid event per topic, and every business event type in its minimal valid form
        final List<SpecificRecord> valid =
                List.of(
                        registered().build(),
                        transfer().build(),
                        permit().build(),
                        bibob().build(),
                        bare(BusinessEventType.OFFICER_APPOINTED)
                                .setOfficer(new Officer(PERSON, null, OfficerRole.DIRECTOR)).build(),
                        bare(BusinessEventType.OFFICER_RESIGNED)
                                .setOfficer(new Officer(null, "87654321", OfficerRole.DIRECTOR)).build(),
                        bare(BusinessEventType.ADDRESS_CHANGED).setAddress(new Address(BAG, null, null)).build(),
                        bare(BusinessEventType.ACTIVITY_CHANGED).setSbiCodes(List.of("47")).build(),
                        bare(BusinessEventType.LEGAL_FORM_CHANGED).setLegalForm(LegalForm.VOF).build(),
                        bare(BusinessEventType.TRANSFERRED).setTransferredFromKvkNumber("87654321").build(),
                        bare(BusinessEventType.DEREGISTERED).build(),
                        permit().setType(PermitEventType.DECIDED).setOutcome(PermitOutcome.GRANTED).build(),
                        bibob().setType(BibobCaseEventType.LBB_ADVICE_RECEIVED)
                                .setAdviceOutcome(DangerLevel.NO_DANGER).build());

        // When / Then
        for (final SpecificRecord event : valid) {
            assertThat(problems(event)).as(event.toString()).isEmpty();
        }
    }

    @Test
    void anyOtherRecordTypeIsAWiringMistake() {
        // Given a record that is not an input event
        final SpecificRecord deadLetter = DeadLetters.of("t", 0, 0, DeadLetters.INGEST, "x", null, null, 0);

        // When / Then
        assertThatThrownBy(() -> Validation.problems(deadLetter, NEWEST))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "ingest validates BusinessEvent, PropertyTransfer, PermitEvent, BibobCaseEvent, MortgageRegistered,"
                                + " WozValuation and BagObject, not nl.barriere.schema.DeadLetter");
    }

    @Test
    void everyProblemIsReportedNotOnlyTheFirst() {
        // Given an event with three unrelated mistakes
        final BusinessEvent event = registered().setEventId("").setKvkNumber("1234567").setLegalForm(null).build();

        // When / Then they come in schema field order
        assertThat(problems(event))
                .containsExactly(
                        "eventId: is blank",
                        "kvkNumber: '1234567' is not 8 digits",
                        "legalForm: is missing; REGISTERED needs it");
    }

    @Nested
    class Envelope {

        @Test
        void eventIdAndSourceMustNotBeBlank() {
            // Given
            final PermitEvent event = permit().setEventId("  ").setSource(new Source("", " ")).build();

            // When / Then
            assertThat(problems(event))
                    .containsExactly("eventId: is blank", "source.system: is blank", "source.reference: is blank");
        }

        @Test
        void occurredAtOnThe1900BoundaryPassesAndOneMillisecondEarlierFails() {
            // Given the earliest accepted instant, and one millisecond before it
            final Instant earliest = Instant.parse("1900-01-01T00:00:00Z");

            // When / Then
            assertThat(problems(transfer().setOccurredAt(earliest).build())).isEmpty();
            assertThat(problems(transfer().setOccurredAt(earliest.minusMillis(1)).build()))
                    .containsExactly("occurredAt: 1899-12-31T23:59:59.999Z is before 1900-01-01T00:00:00Z");
        }

        @Test
        void occurredAtExactlyOneDayAfterTheRecordWasWrittenPassesAndOneMillisecondMoreFails() {
            // Given the record was written to Kafka at 2025-03-01T09:30Z
            final Instant dayLater = AT.plusSeconds(24 * 3600);

            // When / Then
            assertThat(problems(bibob().setOccurredAt(dayLater).build())).isEmpty();
            assertThat(problems(bibob().setOccurredAt(dayLater.plusMillis(1)).build()))
                    .containsExactly(
                            "occurredAt: 2025-03-02T09:30:00.001Z is more than a day after the record was written to"
                                    + " Kafka: an event cannot have happened after it was reported");
        }

        @Test
        void withoutAWriteTimeOnlyThe1900RuleApplies() {
            // Given an event far in the future, whose record's write time is unknown
            final BusinessEvent event = registered().setOccurredAt(Instant.parse("2031-01-01T00:00:00Z")).build();

            // When / Then
            assertThat(Validation.problems(event, Long.MIN_VALUE)).isEmpty();
        }

        @Test
        void lateEventsAreNotRefused() {
            // Given an event a year older than the newest one seen: late data is normal, replays depend on it
            final PermitEvent event = permit().setOccurredAt(AT.minusSeconds(365L * 24 * 3600)).build();

            // When / Then
            assertThat(problems(event)).isEmpty();
        }
    }

    @Nested
    class Identifiers {

        @ParameterizedTest
        @ValueSource(strings = {"1234567", "12345678a", "1234 5678", ""})
        void aKvkNumberIsExactly8Digits(final String wrong) {
            // Given / When / Then
            assertThat(problems(registered().setKvkNumber(wrong).build()))
                    .containsExactly("kvkNumber: '" + wrong + "' is not 8 digits");
        }

        @Test
        void aNineDigitKvkNumberIsRefusedMasked() {
            // Given 9 digits: possibly a BSN typed into the wrong field, so not shown in full
            final BusinessEvent event = registered().setKvkNumber("123456789").build();

            // When / Then
            assertThat(problems(event)).containsExactly("kvkNumber: '1234*****' is not 8 digits");
        }

        @Test
        void everyFieldHoldingAKvkNumberIsChecked() {
            // Given a 7-digit number in each KvK field of each event type
            final String wrong = "1234567";

            // When / Then
            assertThat(problems(bare(BusinessEventType.TRANSFERRED).setTransferredFromKvkNumber(wrong).build()))
                    .containsExactly("transferredFromKvkNumber: '1234567' is not 8 digits");
            assertThat(problems(bare(BusinessEventType.OFFICER_APPOINTED)
                            .setOfficer(new Officer(null, wrong, OfficerRole.DIRECTOR)).build()))
                    .containsExactly("officer.kvkNumber: '1234567' is not 8 digits");
            assertThat(problems(transfer().setBuyer(new Party(wrong, null)).build()))
                    .containsExactly("buyer.kvkNumber: '1234567' is not 8 digits");
            assertThat(problems(transfer().setSeller(new Party(wrong, null)).build()))
                    .containsExactly("seller.kvkNumber: '1234567' is not 8 digits");
            assertThat(problems(permit().setApplicantKvkNumber(wrong).build()))
                    .containsExactly("applicantKvkNumber: '1234567' is not 8 digits");
            assertThat(problems(bibob().setSubjectKvkNumber(wrong).build()))
                    .containsExactly("subjectKvkNumber: '1234567' is not 8 digits");
        }

        @Test
        void anEstablishmentNumberIsExactly12Digits() {
            // Given 11 and 13 digits
            // When / Then
            assertThat(problems(registered().setEstablishmentNumber("00001234567").build()))
                    .containsExactly("establishmentNumber: '00001234567' is not 12 digits");
            assertThat(problems(permit().setEstablishmentNumber("0000123456789").build()))
                    .containsExactly("establishmentNumber: '0000123456789' is not 12 digits");
        }

        @Test
        void anSbiCodeHas2To6Digits() {
            // Given the boundaries: 2 and 6 digits pass, 1 and 7 do not
            // When / Then
            assertThat(problems(registered().setSbiCodes(List.of("56", "561001")).build())).isEmpty();
            assertThat(problems(registered().setSbiCodes(List.of("5610", "1", "5610011", "56.10")).build()))
                    .containsExactly(
                            "sbiCodes[1]: '1' is not 2 to 6 digits",
                            "sbiCodes[2]: '5610011' is not 2 to 6 digits",
                            "sbiCodes[3]: '56.10' is not 2 to 6 digits");
        }

        @ParameterizedTest
        @ValueSource(strings = {"01", "02", "03"})
        void aBagIdOfAnAddressableObjectPasses(final String objectType) {
            // Given a verblijfsobject, ligplaats or standplaats id
            final String bag = "0546" + objectType + "0000012345";

            // When / Then
            assertThat(problems(registered().setAddress(new Address(bag, null, null)).build())).isEmpty();
            assertThat(problems(transfer().setBagVboId(bag).build())).isEmpty();
            assertThat(problems(permit().setBagVboId(bag).build())).isEmpty();
        }

        @Test
        void aBagIdOfABuildingOrAnAddressDesignationIsRefusedNamingTheType() {
            // Given a pand id (10) and a nummeraanduiding id (20) where a verblijfsobject belongs
            final String suffix = "; only an addressable object may be referenced: 01 verblijfsobject, 02 ligplaats,"
                    + " 03 standplaats";

            // When / Then
            assertThat(problems(registered().setAddress(new Address("0546100000012345", null, null)).build()))
                    .containsExactly("address.bagVboId: '0546100000012345' has object type 10 (pand)" + suffix);
            assertThat(problems(transfer().setBagVboId("0546200000012345").build()))
                    .containsExactly("bagVboId: '0546200000012345' has object type 20 (nummeraanduiding)" + suffix);
            assertThat(problems(permit().setBagVboId("0546990000012345").build()))
                    .containsExactly("bagVboId: '0546990000012345' has object type 99 (unknown)" + suffix);
        }

        @Test
        void aBagIdIs16Digits() {
            // Given 15 digits
            // When / Then
            assertThat(problems(transfer().setBagVboId("054601000001234").build()))
                    .containsExactly(
                            "bagVboId: '054601000001234' is not 16 digits (4-digit municipality code, 2-digit object"
                                    + " type, 10-digit sequence)");
        }

        @Test
        void aLongWrongValueIsShortenedInTheMessage() {
            // Given a 50-character value in a KvK field
            final String wrong = "x".repeat(50);

            // When / Then
            assertThat(problems(permit().setApplicantKvkNumber(wrong).build()))
                    .containsExactly("applicantKvkNumber: '" + "x".repeat(40) + "…' (50 characters) is not 8 digits");
        }
    }

    @Nested
    class Amounts {

        @Test
        void aPriceOfZeroPassesAndMinusOneFails() {
            // Given / When / Then
            assertThat(problems(transfer().setPrice(0L).build())).isEmpty();
            assertThat(problems(transfer().setPrice(-1L).build())).containsExactly("price: -1 is negative");
        }

        @Test
        void aWozValueMayBeZeroButNotNegative() {
            // Given / When / Then
            assertThat(problems(woz().setValue(0L).build())).isEmpty();
            assertThat(problems(woz().setValue(-1L).build())).containsExactly("value: -1 is negative");
        }

        @Test
        void aWozValuationDateIsAFirstOfJanuaryAndTheObjectNumberTwelveDigits() {
            assertThat(problems(woz().setValuationDate(java.time.LocalDate.of(2023, 2, 1)).setWozObjectNumber("12").build()))
                    .containsExactly("wozObjectNumber: '12' is not 12 digits",
                            "valuationDate: 2023-02-01 is not a 1 January; a WOZ value is determined as of 1 January of "
                                    + "the year before its tax year [waardepeildatum]");
        }

        @Test
        void aMortgageAmountMayBeUnknownOrZeroButNotNegativeAndItsObjectAVerblijfsobject() {
            assertThat(problems(mortgage().setAmount(null).build())).isEmpty();
            assertThat(problems(mortgage().setAmount(0L).build())).isEmpty();
            assertThat(problems(mortgage().setAmount(-1L).build())).containsExactly("amount: -1 is negative");
            assertThat(problems(mortgage().setBagVboId("0546100000000001").build())).singleElement().asString()
                    .startsWith("bagVboId: '0546100000000001' has object type 10 (pand)");
        }

        @Test
        void aBagObjectHasAUseItsBuildingsArePandIdsAndItCountsItself() {
            assertThat(problems(bagObject().build())).isEmpty();
            assertThat(problems(bagObject().setPurposes(List.of()).setBuildingIds(List.of("0546010000000001"))
                    .setObjectsInBuilding(0).build())).containsExactly(
                    "purposes: is empty; a verblijfsobject has at least one use [gebruiksdoel]",
                    "buildingIds[0]: '0546010000000001' is not a BAG pand id (16 digits with object type 10)",
                    "objectsInBuilding: 0 is less than 1; the object itself counts");
        }
    }

    @Nested
    class Persons {

        static final String BSN_MESSAGE =
                "'1234*****' looks like a BSN; only pseudonyms (p- and 64 hex characters) may enter Barrière";

        @ParameterizedTest
        @ValueSource(strings = {"123456789", "123 456 789", "1234.56.789"})
        void aBsnShapedValueInAnyPersonFieldIsRefusedAndMasked(final String bsn) {
            // Given a 9-digit value, with or without spaces or dots, in each person field
            final List<List<String>> problems =
                    List.of(
                            problems(transfer().setBuyer(new Party(null, bsn)).build()),
                            problems(transfer().setSeller(new Party(null, bsn)).build()),
                            problems(registered().setOfficer(new Officer(bsn, null, OfficerRole.OWNER)).build()),
                            problems(permit().setManagerPseudonyms(List.of(PERSON, bsn)).build()),
                            problems(bibob().setSubjectPersonPseudonym(bsn).build()));

            // When / Then each is refused with the BSN message, the number masked
            assertThat(problems)
                    .containsExactly(
                            List.of("buyer.personPseudonym: " + BSN_MESSAGE),
                            List.of("seller.personPseudonym: " + BSN_MESSAGE),
                            List.of("officer.personPseudonym: " + BSN_MESSAGE),
                            List.of("managerPseudonyms[1]: " + BSN_MESSAGE),
                            List.of("subjectPersonPseudonym: " + BSN_MESSAGE));
            assertThat(problems.toString()).doesNotContain("56789");
        }

        @Test
        void aPseudonymWith63HexCharactersIsRefused() {
            // Given one hex character short
            final String short63 = PERSON.substring(0, PERSON.length() - 1);

            // When / Then
            assertThat(problems(transfer().setBuyer(new Party(null, short63)).build()))
                    .containsExactly(
                            "buyer.personPseudonym: 'p-01********' (65 characters) is not a pseudonym; only"
                                    + " pseudonyms (p- and 64 hex characters) may enter Barrière");
        }

        @Test
        void aPseudonymInUpperCaseHexIsRefused() {
            // Given the right length but upper-case hex: not what the pseudonymisation produces
            final String upper = PERSON.toUpperCase().replace("P-", "p-");

            // When / Then
            assertThat(problems(permit().setManagerPseudonyms(List.of(upper)).build()))
                    .containsExactly(
                            "managerPseudonyms[0]: 'p-01********' (66 characters) is not a pseudonym; only"
                                    + " pseudonyms (p- and 64 hex characters) may enter Barrière");
        }

        @Test
        void anythingElseInAPersonFieldIsRefusedWithoutShowingIt() {
            // Given a name where a pseudonym belongs
            final BibobCaseEvent event = bibob().setSubjectPersonPseudonym("Jan de Vries").build();

            // When / Then only the first four characters and the length are shown
            assertThat(problems(event))
                    .containsExactly(
                            "subjectPersonPseudonym: 'Jan ********' (12 characters) is not a pseudonym; only"
                                    + " pseudonyms (p- and 64 hex characters) may enter Barrière");
        }

        @Test
        void aPartyIsExactlyOneOfBusinessAndPerson() {
            // Given a buyer with both, and a seller with neither
            final PropertyTransfer event =
                    transfer().setBuyer(new Party("87654321", PERSON)).setSeller(new Party(null, null)).build();

            // When / Then
            assertThat(problems(event))
                    .containsExactly(
                            "buyer: has both kvkNumber and personPseudonym; a party is exactly one of the two",
                            "seller: has neither kvkNumber nor personPseudonym; a party is exactly one of the two");
        }

        @Test
        void anOfficerIsExactlyOneOfBusinessAndPerson() {
            // Given / When / Then
            assertThat(problems(registered().setOfficer(new Officer(PERSON, "87654321", OfficerRole.DIRECTOR)).build()))
                    .containsExactly(
                            "officer: has both kvkNumber and personPseudonym; an officer is exactly one of the two");
            assertThat(problems(registered().setOfficer(new Officer(null, null, OfficerRole.DIRECTOR)).build()))
                    .containsExactly(
                            "officer: has neither kvkNumber nor personPseudonym; an officer is exactly one of the two");
        }
    }

    @Nested
    class TypeSpecific {

        @Test
        void registeredNeedsAddressAndLegalForm() {
            // Given / When / Then
            assertThat(problems(registered().setAddress(null).setLegalForm(null).build()))
                    .containsExactly(
                            "address: is missing; REGISTERED needs it", "legalForm: is missing; REGISTERED needs it");
        }

        @Test
        void officerChangesNeedTheOfficer() {
            // Given / When / Then
            assertThat(problems(bare(BusinessEventType.OFFICER_APPOINTED).build()))
                    .containsExactly("officer: is missing; OFFICER_APPOINTED needs it");
            assertThat(problems(bare(BusinessEventType.OFFICER_RESIGNED).build()))
                    .containsExactly("officer: is missing; OFFICER_RESIGNED needs it");
        }

        @Test
        void addressChangedNeedsTheAddress() {
            // Given / When / Then
            assertThat(problems(bare(BusinessEventType.ADDRESS_CHANGED).build()))
                    .containsExactly("address: is missing; ADDRESS_CHANGED needs it");
        }

        @Test
        void activityChangedNeedsAtLeastOneSbiCode() {
            // Given / When / Then
            assertThat(problems(bare(BusinessEventType.ACTIVITY_CHANGED).build()))
                    .containsExactly("sbiCodes: is empty; ACTIVITY_CHANGED needs at least one SBI code");
        }

        @Test
        void legalFormChangedNeedsTheLegalForm() {
            // Given / When / Then
            assertThat(problems(bare(BusinessEventType.LEGAL_FORM_CHANGED).build()))
                    .containsExactly("legalForm: is missing; LEGAL_FORM_CHANGED needs it");
        }

        @Test
        void transferredNeedsTheContinuedBusiness() {
            // Given / When / Then
            assertThat(problems(bare(BusinessEventType.TRANSFERRED).build()))
                    .containsExactly("transferredFromKvkNumber: is missing; TRANSFERRED needs it");
        }

        @ParameterizedTest
        @ValueSource(strings = {"20150231", "2015060", "20151300", "00000000", "20150015", "2015-06-"})
        void aStartDateMustReadAsAKvkDate(final String wrong) {
            // Given / When / Then
            assertThat(problems(registered().setStartDate(wrong).build()))
                    .containsExactly(
                            "startDate: '" + wrong + "' is not a KvK date (YYYYMMDD, with 00 for an unknown month or"
                                    + " day)");
        }

        @Test
        void aPartialStartDatePasses() {
            // Given / When / Then
            assertThat(problems(registered().setStartDate("20150000").build())).isEmpty();
            assertThat(problems(registered().setStartDate(null).build())).isEmpty();
        }

        @Test
        void aPermitDecisionNeedsItsOutcome() {
            // Given / When / Then
            assertThat(problems(permit().setType(PermitEventType.DECIDED).build()))
                    .containsExactly("outcome: is missing; DECIDED needs it");
        }

        @Test
        void aPermitEventNeedsItsApplicationId() {
            // Given / When / Then
            assertThat(problems(permit().setApplicationId(" ").build())).containsExactly("applicationId: is blank");
        }

        @Test
        void anLbbAdviceNeedsItsOutcome() {
            // Given / When / Then
            assertThat(problems(bibob().setType(BibobCaseEventType.LBB_ADVICE_RECEIVED).build()))
                    .containsExactly("adviceOutcome: is missing; LBB_ADVICE_RECEIVED needs it");
        }

        @Test
        void aBibobCaseEventNamesWhatItIsAbout() {
            // Given a case event with no application, business or person
            final BibobCaseEvent event =
                    bibob().setApplicationId(null).setSubjectKvkNumber(null).setCaseId("").build();

            // When / Then
            assertThat(problems(event))
                    .containsExactly(
                            "caseId: is blank",
                            "applicationId: is missing, and so are subjectKvkNumber and subjectPersonPseudonym; a"
                                    + " Bibob case event names at least one");
            assertThat(problems(bibob().setApplicationId(null).setSubjectKvkNumber(null)
                            .setSubjectPersonPseudonym(PERSON).build()))
                    .isEmpty();
        }
    }
}
