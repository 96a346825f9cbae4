package nl.barriere.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.barriere.contract.Topics;
import nl.barriere.json.AvroJson;
import nl.barriere.platform.AppConfig;
import nl.barriere.platform.EmbeddedPlatform;
import nl.barriere.platform.TopicReader;
import nl.barriere.schema.AccessAction;
import nl.barriere.schema.AccessEvent;
import nl.barriere.schema.BusinessEvent;
import nl.barriere.schema.EvidenceRef;
import nl.barriere.schema.FlaggedPermit;
import nl.barriere.schema.IndicatorResult;
import nl.barriere.schema.PermitEvent;
import nl.barriere.schema.PropertyTransfer;
import nl.barriere.schema.ReviewDecision;
import nl.barriere.schema.RiskSignal;
import nl.barriere.schema.SignalSubject;
import nl.barriere.schema.SubjectType;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The audit trail of one signal and the export about one company, on a real broker and registry. The review app's
 * records (decisions, views, the flagged permit) are written here directly, as the review app would.
 *
 * <p>Two companies: A (11111111) applied for permit HV-1 and bought a property from B (22222222); B is also the
 * subject of a signal of its own. Signal S1 (the permit application) was escalated by analyst-a and confirmed by
 * analyst-b; S2 is about B only; S3 is about the property, with one transfer naming A and one naming only B.
 */
class AuditTrailAndExportTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-05T12:00:00Z"), ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static EmbeddedPlatform platform;
    private static AppConfig config;
    private static RiskSignal s1;
    private static RiskSignal s2;
    private static RiskSignal s3;
    private static Map<String, SpecificRecord> events;

    @BeforeAll
    static void givenSignalsWithTheirEvidenceDecisionsAndViews() throws Exception {
        platform = EmbeddedPlatform.start("audit-trail");
        config = platform.config();
        final BusinessEvent aRegistered = AvroJson.fromJsonLine("""
                {"eventId":"kvk-a1","occurredAt":"2024-03-01T09:00:00Z","source":{"system":"kvk","reference":"M-1"},"type":"REGISTERED","kvkNumber":"11111111","legalForm":"BV","sbiCodes":["5630"],"startDate":"20240301"}""", BusinessEvent.class);
        final BusinessEvent bRegistered = AvroJson.fromJsonLine("""
                {"eventId":"kvk-b1","occurredAt":"2024-03-02T09:00:00Z","source":{"system":"kvk","reference":"M-2"},"type":"REGISTERED","kvkNumber":"22222222","legalForm":"BV","sbiCodes":["6810"],"startDate":"20240302"}""", BusinessEvent.class);
        final PermitEvent aApplied = AvroJson.fromJsonLine("""
                {"eventId":"hor-a1","occurredAt":"2024-04-01T08:00:00Z","source":{"system":"horeca","reference":"Z-1"},"applicationId":"HV-1","type":"SUBMITTED","permitKind":"EXPLOITATIE","applicantKvkNumber":"11111111","bagVboId":"0546010000000001","managerPseudonyms":[]}""", PermitEvent.class);
        final PropertyTransfer bSellsToA = AvroJson.fromJsonLine("""
                {"eventId":"kad-ab","occurredAt":"2024-05-01T00:00:00Z","source":{"system":"kadaster","reference":"D-1"},"bagVboId":"0546010000000002","cadastralParcel":"LDN00-K-1","deedDate":"2024-05-01","price":500000,"multipleObjects":false,"buyer":{"kvkNumber":"11111111"},"seller":{"kvkNumber":"22222222"}}""", PropertyTransfer.class);
        final PropertyTransfer bBoughtEarlier = AvroJson.fromJsonLine("""
                {"eventId":"kad-b0","occurredAt":"2024-03-15T00:00:00Z","source":{"system":"kadaster","reference":"D-0"},"bagVboId":"0546010000000002","cadastralParcel":"LDN00-K-ONLY-B","deedDate":"2024-03-15","price":300000,"multipleObjects":false,"buyer":{"kvkNumber":"22222222"},"seller":{"personPseudonym":"p-9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}}""", PropertyTransfer.class);
        final EvidenceRef a1 = platform.write(Topics.KVK_BUSINESS_EVENTS, aRegistered, "kvk-a1");
        final EvidenceRef b1 = platform.write(Topics.KVK_BUSINESS_EVENTS, bRegistered, "kvk-b1");
        final EvidenceRef h1 = platform.write(Topics.HORECA_PERMIT_EVENTS, aApplied, "hor-a1");
        final EvidenceRef b0 = platform.write(Topics.KADASTER_PROPERTY_TRANSFERS, bBoughtEarlier, "kad-b0");
        final EvidenceRef ab = platform.write(Topics.KADASTER_PROPERTY_TRANSFERS, bSellsToA, "kad-ab");
        events = Map.of("kvk-a1", aRegistered, "hor-a1", aApplied, "kad-ab", bSellsToA);

        s1 = signal("sig-s1", SubjectType.PERMIT_APPLICATION, "HV-1", "I11", a1, h1);
        s2 = signal("sig-s2", SubjectType.BUSINESS, "22222222", "I7", b1);
        s3 = signal("sig-s3", SubjectType.PROPERTY, "0546010000000002", "I1", b0, ab);
        for (final RiskSignal signal : List.of(s1, s2, s3)) {
            platform.write(Topics.SIGNALS, signal);
        }
        platform.write(Topics.ACCESS_LOG, access("acc-1", "sig-s1", "analyst-a", "2024-04-02T09:58:00Z"));
        platform.write(Topics.REVIEW_DECISIONS, decision("dec-1", "sig-s1", "analyst-a", "ESCALATE", "2024-04-02T10:00:00Z"));
        platform.write(Topics.ACCESS_LOG, access("acc-2", "sig-s1", "analyst-b", "2024-04-02T10:58:00Z"));
        platform.write(Topics.REVIEW_DECISIONS, decision("dec-2", "sig-s1", "analyst-b", "CONFIRM_ESCALATION", "2024-04-02T11:00:00Z"));
        platform.write(Topics.REVIEW_DECISIONS, decision("dec-3", "sig-s2", "analyst-a", "DISMISS", "2024-04-03T10:00:00Z"));
        platform.write(Topics.FLAGGED_PERMITS, FlaggedPermit.newBuilder().setApplicationId("HV-1").setSignalId("sig-s1")
                .setIndicators(s1.getIndicators()).setEscalatedBy("analyst-a").setEscalationRationale(rationale())
                .setEscalatedAt(Instant.parse("2024-04-02T10:00:00Z")).setConfirmedBy("analyst-b")
                .setConfirmationRationale(rationale()).setConfirmedAt(Instant.parse("2024-04-02T11:00:00Z")).build());
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void theTrailOfAnEscalatedAndConfirmedSignalShowsBothDecisionsAndTheViewsInOrder() throws Exception {
        // When an auditor asks for the trail of S1 without restricted data
        final AuditTrail.Trail trail = AuditTrail.build(config, CLOCK, "sig-s1", new Accessor("auditor-1", "auditor", Accessor.OIDC), false);

        // Then the views and decisions come in time order, then the accesses by this and the other tests (fixed clock)
        final List<String> lines = trail.timeline().stream().map(e -> e.at() + " " + e.who() + " " + e.what()).toList();
        assertThat(lines.subList(0, 4)).containsExactly(
                "2024-04-02T09:58:00Z analyst-a access VIEW_SIGNAL",
                "2024-04-02T10:00:00Z analyst-a decision ESCALATE",
                "2024-04-02T10:58:00Z analyst-b access VIEW_SIGNAL",
                "2024-04-02T11:00:00Z analyst-b decision CONFIRM_ESCALATION");
        assertThat(lines.subList(4, lines.size())).contains("2026-01-05T12:00:00Z oidc:auditor-1 access AUDIT_TRAIL")
                .allSatisfy(line -> assertThat(line).startsWith("2026-01-05T12:00:00Z").contains(" access "));
        // And the evidence is the events at the referenced offsets
        assertThat(trail.evidence()).extracting(e -> e.event()).containsExactly(events.get("kvk-a1"), events.get("hor-a1"));
        // And the restricted flagged permits were not even looked up, so the trail cannot say whether one exists
        assertThat(trail.flaggedPermit()).isEmpty();
        assertThat(trail.flaggedWithheld()).isTrue();
        assertThat(AuditTrail.markdown(trail)).contains("Not looked up: restricted").doesNotContain("\"escalatedBy\"");
        // And the trail was logged as an access by the auditor, saying their identity came from an ID token
        assertThat(accessesBy("oidc:auditor-1")).extracting(AccessEvent::getAction, AccessEvent::getSignalId)
                .contains(org.assertj.core.groups.Tuple.tuple(AccessAction.AUDIT_TRAIL, "sig-s1"));
        assertThat(AuditTrail.markdown(trail)).contains("for `oidc:auditor-1` (auditor)");
    }

    @Test
    void theFlaggedPermitIsShownOnlyWhenAskedForInARoleWithClearance() throws Exception {
        final AuditTrail.Trail trail = AuditTrail.build(config, CLOCK, "sig-s1", new Accessor("officer-1", "bibob-officer", Accessor.OIDC), true);
        assertThat(trail.flaggedPermit()).hasValueSatisfying(p -> assertThat(p.getConfirmedBy()).isEqualTo("analyst-b"));
        assertThat(JSON.readTree(AuditTrail.json(trail)).path("flaggedPermit").path("escalatedBy").asText()).isEqualTo("analyst-a");

        assertThatThrownBy(() -> AuditTrail.build(config, CLOCK, "sig-s1", new Accessor("analyst-c", "analyst", Accessor.OS), true))
                .hasMessageContaining("for BIBOB officers and auditors");
        assertThat(accessesBy("os:analyst-c")).isEmpty();
    }

    @Test
    void theExportOfACompanyHasItsSignalsAndEvidenceAndNothingAboutTheOtherCompany() throws Exception {
        // When company A's data is exported
        final JsonNode export = JSON.readTree(SubjectExport.export(config, CLOCK, SubjectExport.Subject.company("11111111"), new Accessor("privacy-1", "auditor", Accessor.OS)));

        // Then it holds S1 (A applied) and S3 (A bought), not S2 (about B only)
        final List<String> ids = new ArrayList<>();
        export.path("signals").forEach(s -> ids.add(s.path("signal").path("signalId").asText()));
        assertThat(ids).containsExactly("sig-s1", "sig-s3");
        // And S1's evidence events and both decisions and the views
        final JsonNode first = export.path("signals").get(0);
        assertThat(first.path("evidence")).extracting(e -> e.path("event").path("eventId").asText())
                .containsExactly("kvk-a1", "hor-a1");
        assertThat(first.path("decisions")).extracting(d -> d.path("what").asText())
                .containsExactly("decision ESCALATE", "decision CONFIRM_ESCALATION");
        assertThat(first.path("accessEvents")).extracting(a -> a.path("who").asText() + " " + a.path("what").asText())
                .startsWith("analyst-a access VIEW_SIGNAL", "analyst-b access VIEW_SIGNAL");
        // And in S3 the transfer naming only B is withheld, the one naming A is shown
        final JsonNode third = export.path("signals").get(1);
        assertThat(third.path("evidence").get(0).path("withheld").asText()).isEqualTo("not about this company");
        assertThat(third.path("evidence").get(0).path("event").isNull()).isTrue();
        assertThat(third.path("evidence").get(1).path("event").path("eventId").asText()).isEqualTo("kad-ab");
        final String text = export.toString();
        assertThat(text).doesNotContain("sig-s2").doesNotContain("LDN00-K-ONLY-B").doesNotContain("kvk-b1")
                .doesNotContain("dec-3");
        // And every exported signal was logged as exported, by the operating-system user, which the export says too
        assertThat(accessesBy("os:privacy-1")).extracting(AccessEvent::getSignalId, AccessEvent::getAction)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("sig-s1", AccessAction.EXPORT),
                        org.assertj.core.groups.Tuple.tuple("sig-s3", AccessAction.EXPORT));
        assertThat(export.path("exportedBy").asText()).isEqualTo("os:privacy-1");
        assertThat(export.path("authenticatedBy").asText()).isEqualTo(Accessor.OS);
    }

    private static List<AccessEvent> accessesBy(final String user) {
        final List<AccessEvent> found = new ArrayList<>();
        TopicReader.readAll(Topics.ACCESS_LOG, config, (raw, access) -> {
                    if (access.getUser().equals(user)) {
                        found.add(access);
                    }
                });
        return found;
    }

    private static RiskSignal signal(final String id, final SubjectType type, final String subject, final String rule,
                                     final EvidenceRef... evidence) {
        return RiskSignal.newBuilder().setSignalId(id).setSubject(new SignalSubject(type, subject))
                .setIndicators(List.of(IndicatorResult.newBuilder().setRuleId(rule).setRuleVersion(1).setWeight(3)
                        .setParameters(Map.of()).setExplanationNl("uitleg").setExplanationEn("explanation")
                        .setEvidence(List.of(evidence)).build()))
                .setScore(3).setRulesetVersion("v1").setDetectedAt(evidence[evidence.length - 1].getOccurredAt())
                .setSupersedes(null).build();
    }

    private static AccessEvent access(final String id, final String signalId, final String user, final String at) {
        return new AccessEvent(id, signalId, user, "analyst", AccessAction.VIEW_SIGNAL, Instant.parse(at), null);
    }

    private static ReviewDecision decision(final String id, final String signalId, final String reviewer,
                                           final String action, final String at) {
        return ReviewDecision.newBuilder().setDecisionId(id).setSignalId(signalId).setReviewer(reviewer)
                .setAction(nl.barriere.schema.ReviewAction.valueOf(action)).setRationale(rationale())
                .setDecidedAt(Instant.parse(at)).build();
    }

    private static String rationale() {
        return "Applicant formed a month ago at a property resold at a large markup; needs a Bibob look.";
    }
}
