package nl.barriere.detect.bibob;

import static nl.barriere.detect.Events.id;

import java.time.Instant;
import java.util.List;
import nl.barriere.schema.Address;
import nl.barriere.schema.BibobCaseEvent;
import nl.barriere.schema.BibobCaseEventType;
import nl.barriere.schema.BusinessEvent;
import nl.barriere.schema.BusinessEventType;
import nl.barriere.schema.DangerLevel;
import nl.barriere.schema.LegalForm;
import nl.barriere.schema.Officer;
import nl.barriere.schema.OfficerRole;
import nl.barriere.schema.PermitEvent;
import nl.barriere.schema.PermitEventType;
import nl.barriere.schema.PermitKind;
import nl.barriere.schema.PermitOutcome;
import nl.barriere.schema.Source;

/** Valid Bibob-zone input events for tests, with unique event ids and only the fields that matter as arguments. */
final class BibobEvents {

    static final String BAG = "0546010000000201";

    private BibobEvents() {}




    /** A registration, with a director when {@code officerPseudonym} is given. */
    static BusinessEvent registered(final String kvk, final Instant at, final String officerPseudonym) {
        return business(kvk, at, BusinessEventType.REGISTERED).setLegalForm(LegalForm.BV).setStartDate("20200101")
                .setSbiCodes(List.of("56101")).setEstablishmentNumber("0000" + kvk)
                .setAddress(new Address(BAG, "2311AB", "1"))
                .setOfficer(officerPseudonym == null ? null : new Officer(officerPseudonym, null, OfficerRole.DIRECTOR))
                .build();
    }

    static BusinessEvent appointed(final String kvk, final Instant at, final String pseudonym) {
        return business(kvk, at, BusinessEventType.OFFICER_APPOINTED)
                .setOfficer(new Officer(pseudonym, null, OfficerRole.DIRECTOR)).build();
    }

    static BusinessEvent resigned(final String kvk, final Instant at, final String pseudonym) {
        return business(kvk, at, BusinessEventType.OFFICER_RESIGNED)
                .setOfficer(new Officer(pseudonym, null, OfficerRole.DIRECTOR)).build();
    }

    private static BusinessEvent.Builder business(final String kvk, final Instant at, final BusinessEventType type) {
        final String id = id("kvk");
        return BusinessEvent.newBuilder().setEventId(id).setOccurredAt(at).setSource(new Source("test", id))
                .setType(type).setKvkNumber(kvk);
    }

    static PermitEvent submitted(final String applicationId, final Instant at, final String applicantKvk,
                                 final List<String> managers) {
        return permit(applicationId, at, PermitEventType.SUBMITTED, applicantKvk, managers);
    }

    /** A permit step; a decision grants the permit. */
    static PermitEvent permit(final String applicationId, final Instant at, final PermitEventType type,
                              final String applicantKvk, final List<String> managers) {
        final String id = id("hor");
        return PermitEvent.newBuilder().setEventId(id).setOccurredAt(at).setSource(new Source("test", id))
                .setApplicationId(applicationId).setType(type).setPermitKind(PermitKind.EXPLOITATIE)
                .setApplicantKvkNumber(applicantKvk).setEstablishmentNumber("0000" + applicantKvk).setBagVboId(BAG)
                .setManagerPseudonyms(managers)
                .setOutcome(type == PermitEventType.DECIDED ? PermitOutcome.GRANTED : null).build();
    }

    /** A conclusion (LBB advice or decision) in a screening of a business or a person outside any application. */
    static BibobCaseEvent conclusion(final String caseId, final Instant at, final BibobCaseEventType type,
                                     final String subjectKvk, final String subjectPerson, final DangerLevel level) {
        final String id = id("bib");
        return BibobCaseEvent.newBuilder().setEventId(id).setOccurredAt(at).setSource(new Source("test", id))
                .setCaseId(caseId).setApplicationId(null).setSubjectKvkNumber(subjectKvk)
                .setSubjectPersonPseudonym(subjectPerson).setType(type).setAdviceOutcome(level).build();
    }

    static BibobCaseEvent decided(final String caseId, final Instant at, final String subjectKvk,
                                  final String subjectPerson, final DangerLevel level) {
        return conclusion(caseId, at, BibobCaseEventType.DECIDED, subjectKvk, subjectPerson, level);
    }
}
