package nl.barriere.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import nl.barriere.contract.Role;
import nl.barriere.contract.Topics;
import nl.barriere.platform.AppConfig;
import nl.barriere.platform.EmbeddedPlatform;
import nl.barriere.schema.EvidenceRef;
import nl.barriere.schema.IndicatorResult;
import nl.barriere.schema.RiskSignal;
import nl.barriere.schema.SignalSubject;
import nl.barriere.schema.SubjectType;
import nl.barriere.web.Users;
import nl.barriere.web.WebClient;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two review instances of one application id, the documented scale-out: each holds every store (active for some
 * partitions, a standby replica of the others), so every page is complete on both, and a decision taken on one
 * shows on the other. Without the standby replicas each UI would show only its own partitions' signals.
 */
class ReviewScaleOutTest {

    private static final int SIGNALS = 24;
    private static final String RATIONALE = "Applicant formed two months ago at an address resold twice this year; needs Bibob.";
    private static final String CONFIRMATION = "Agree: a fresh applicant at a twice-resold address warrants a Bibob screening.";
    private static final Map<String, String> PASSWORDS = Map.of("analyst1", "first analyst's password",
            "analyst2", "second analyst's password", "bibob1", "bibob officer's password");

    @Test
    @Timeout(240)
    void everyPageIsCompleteOnBothInstancesAndADecisionOnOneShowsOnTheOther() throws Exception {
        try (EmbeddedPlatform platform = EmbeddedPlatform.start("review-scale-out")) {
            // Given signals spread over every partition of the signals topic
            final List<String> ids = new ArrayList<>();
            for (int i = 0; i < SIGNALS; i++) {
                final RiskSignal signal = permitSignal(i);
                platform.write(Topics.SIGNALS, signal);
                ids.add(signal.getSignalId());
            }
            final Users users = Users.parse(PASSWORDS.entrySet().stream().map(e -> Users.line(e.getKey(),
                    e.getKey().startsWith("bibob") ? Role.BIBOB_OFFICER : Role.ANALYST, e.getValue())).toList(), "test");

            // When two review instances run, each with its own state directory
            try (ReviewServer first = ReviewServer.start(instance(platform.config(), "first"), 0, users);
                 ReviewServer second = ReviewServer.start(instance(platform.config(), "second"), 0, users)) {
                assertThat(first.streamsApp().awaitRunning(Duration.ofSeconds(90))).isTrue();
                assertThat(second.streamsApp().awaitRunning(Duration.ofSeconds(90))).isTrue();
                final Map<String, ReviewServer> instances = new LinkedHashMap<>();
                instances.put("first", first);
                instances.put("second", second);

                // Then each instance's list of all signals names every signal, and each signal's page opens
                for (final Map.Entry<String, ReviewServer> instance : instances.entrySet()) {
                    final WebClient analyst = login(instance.getValue().webPort(), "analyst1");
                    final String all = analyst.page("/signals", ids.toArray(String[]::new));
                    assertThat(all).as(instance.getKey()).contains("<strong>" + SIGNALS + "</strong>");
                    for (final String id : ids) {
                        assertThat(analyst.get("/signals/" + id).statusCode()).as(instance.getKey() + " " + id).isEqualTo(200);
                    }
                }

                // And an escalation on the first instance, confirmed by a colleague on the second, reaches the BIBOB
                // officer on both
                final String id = ids.get(SIGNALS - 1);
                assertThat(login(first.webPort(), "analyst1").decide(id, "ESCALATE", RATIONALE).statusCode()).isEqualTo(303);
                final WebClient colleague = login(second.webPort(), "analyst2");
                colleague.page("/second-review", id);
                assertThat(colleague.decide(id, "CONFIRM_ESCALATION", CONFIRMATION).statusCode()).isEqualTo(303);
                for (final ReviewServer instance : instances.values()) {
                    login(instance.webPort(), "bibob1").page("/bibob", "APP-2025-" + (SIGNALS - 1));
                }
            }
        }
    }

    private static WebClient login(final int port, final String user) {
        return WebClient.loggedIn(port, user, PASSWORDS.get(user));
    }

    private static AppConfig instance(final AppConfig config, final String name) {
        return config.with(StreamsConfig.STATE_DIR_CONFIG,
                Path.of(config.stateDir(), name + "-" + UUID.randomUUID()).toString());
    }

    private static RiskSignal permitSignal(final int i) {
        final Instant at = Instant.parse("2025-03-03T12:00:00Z").plusSeconds(60L * i);
        final IndicatorResult i11 = IndicatorResult.newBuilder().setRuleId("I11").setRuleVersion(1).setWeight(2)
                .setParameters(Map.of("startMonths", "3"))
                .setExplanationNl("Aanvrager korter dan drie maanden ingeschreven.")
                .setExplanationEn("Applicant registered less than three months ago.")
                .setEvidence(List.of(new EvidenceRef("hor-" + i, Topics.HORECA_PERMIT_EVENTS.name(), 0, (long) i, at)))
                .build();
        return RiskSignal.newBuilder().setSignalId(String.format("sig-%032x", 0xc0de00 + i))
                .setSubject(new SignalSubject(SubjectType.PERMIT_APPLICATION, "APP-2025-" + i))
                .setIndicators(List.of(i11)).setScore(2).setRulesetVersion("v1").setDetectedAt(at)
                .setSupersedes(null).build();
    }


}
