package nl.barriere.web;

import static nl.barriere.web.Signals.indicator;
import static nl.barriere.web.Signals.ref;
import static nl.barriere.web.Signals.signal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.barriere.schema.Address;
import nl.barriere.schema.BusinessEvent;
import nl.barriere.schema.BusinessEventType;
import nl.barriere.schema.EvidenceRef;
import nl.barriere.schema.IndicatorResult;
import nl.barriere.schema.LegalForm;
import nl.barriere.schema.PermitEvent;
import nl.barriere.schema.PermitEventType;
import nl.barriere.schema.PermitKind;
import nl.barriere.schema.RiskSignal;
import nl.barriere.schema.Source;
import nl.barriere.schema.SubjectType;

/**
 * A queue's worth of signals for the browser walk and the page-load measurement: one permit application on top
 * (score 7, citing two input events the test puts on their topics) and 49 property and business signals below it, spread over two years.
 */
final class SampleCases {

    static final String TOP_SIGNAL = "sig-top-permit";
    static final String TOP_APPLICATION = "HV-2024-0042";
    static final Instant APPLIED = Instant.parse("2024-06-10T08:00:00Z");
    private static final Instant REGISTERED = Instant.parse("2024-04-02T09:00:00Z");

    private SampleCases() {}

    /** The signals, the top one citing {@code permit} and {@code registered}: where those events really are. */
    static List<RiskSignal> signals(final EvidenceRef permit, final EvidenceRef registered) {
        final List<RiskSignal> signals = new ArrayList<>();
        signals.add(signal(TOP_SIGNAL, SubjectType.PERMIT_APPLICATION, TOP_APPLICATION, APPLIED, null,
                new IndicatorResult("I10", 1, 3, Map.of("distinctApplicants", "3", "minApplicants", "3", "windowDays", "730"),
                        "Op dit pand vroegen 3 verschillende ondernemingen binnen 730 dagen een exploitatie- of alcoholvergunning aan (grens 3).",
                        "3 different businesses applied for an operating or alcohol permit at this property within 730 days (limit 3).",
                        List.of(permit)),
                new IndicatorResult("I11", 1, 4, Map.of("daysSinceStart", "69", "maxDaysSinceStart", "91"),
                        "De aanvrager staat sinds 69 dagen ingeschreven (grens 91 dagen).",
                        "The applicant has been registered for 69 days (limit 91 days).",
                        List.of(registered, permit))));
        final String[] rules = {"I1", "I2", "I3", "I4", "I5", "I6", "I7", "I8", "I9"};
        for (int i = 0; i < 49; i++) {
            final Instant at = Instant.parse("2022-07-01T09:00:00Z").plus(Duration.ofDays(14L * i));
            final String rule = rules[i % rules.length];
            final IndicatorResult first = indicator(rule, 2, ref(String.format("kad-%09d", i), "kadaster.property-transfers", i, at));
            final boolean business = i % 3 == 0;
            final String subject = business ? String.format("%08d", 30000000 + i) : String.format("05460100000%05d", i);
            if (i % 4 == 0) {
                final IndicatorResult second = indicator(rules[(i + 1) % rules.length], 2,
                        ref(String.format("kvk-%09d", i), "kvk.business-events", i, at));
                signals.add(signal(String.format("sig-sample-%02d", i), business ? SubjectType.BUSINESS : SubjectType.PROPERTY,
                        subject, at, null, first, second));
            } else {
                signals.add(signal(String.format("sig-sample-%02d", i), business ? SubjectType.BUSINESS : SubjectType.PROPERTY,
                        subject, at, null, first));
            }
        }
        return signals;
    }

    static PermitEvent permitEvent() {
        return new PermitEvent("hor-000000042", APPLIED, new Source("horeca-zaaksysteem", "Z-2024-042"),
                TOP_APPLICATION, PermitEventType.SUBMITTED, PermitKind.EXPLOITATIE, "87654321", "000087654321",
                "0546010000054321", List.of("p-" + "ab".repeat(32)), null);
    }

    static BusinessEvent registration() {
        return BusinessEvent.newBuilder().setEventId("kvk-000000420").setOccurredAt(REGISTERED)
                .setSource(new Source("kvk-mutatieservice", "M-420")).setType(BusinessEventType.REGISTERED)
                .setKvkNumber("87654321").setEstablishmentNumber("000087654321").setLegalForm(LegalForm.BV)
                .setSbiCodes(List.of("5630")).setStartDate("20240402")
                .setAddress(new Address("0546010000054321", "2311AB", "12")).build();
    }
}
