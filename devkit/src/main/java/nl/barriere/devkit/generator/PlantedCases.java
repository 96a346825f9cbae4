package nl.barriere.devkit.generator;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import nl.barriere.devkit.generator.PlantedCase.Expect;
import nl.barriere.devkit.generator.PlantedCase.OtherSubject;
import nl.barriere.devkit.generator.Story.Business;
import nl.barriere.schema.BagPurpose;
import nl.barriere.schema.DangerLevel;
import nl.barriere.schema.LegalForm;
import nl.barriere.schema.Party;
import nl.barriere.schema.PermitKind;
import nl.barriere.schema.PermitOutcome;

/**
 * The catalogue of planted cases: for every indicator I1–I12 three positives that must fire and two or three
 * near-misses that must not, each an isolated story with its own identifiers (see {@link Identifiers}).
 *
 * <p>Subjects: I1, I2, I3, I4, I5, I6 and I9 are about a PROPERTY (the BAG object of the deed or of the
 * establishments; for I5 the object of the acquisition that reaches the count, for I9 the object whose transfer
 * and later registration form the pattern, so its I3 or I4 is listed with it); I8 is about the BUSINESS whose
 * registration or appointment brings the officer to the threshold; I7, I10, I11 and I12 are about the
 * PERMIT_APPLICATION (one I7 positive has no application and is about the BUSINESS). Stories keep every other
 * indicator quiet: purchases have a mortgage and a price below the median unless I3 is the point, buyers and
 * applicants are years old unless I4 or I11 is the point, and so on; each case lists what it expects.
 *
 * <p>Planted cases assume WOZ values are current (price-index adjustment 1.0) for I2.
 */
final class PlantedCases {

    /**
     * Next free planted identifier of each kind, shared by all stories of a run, and how many events of each flow
     * the stories wrote (the background writes that many fewer, so the totals match the profile).
     */
    static final class Counters {
        long kvks;
        long persons;
        int bags;
        final long[] flows = new long[Background.Flow.values().length];

        void count(final Background.Flow flow) {
            flows[flow.ordinal()]++;
        }
    }

    private final Counters counters = new Counters();

    private record Outcome(
            String subjectType, String subjectId, List<String> expected, List<OtherSubject> others, String description) {}

    private record Spec(String indicator, Expect expect, int number, int spanDays, Function<Story, Outcome> story) {
        String baseId() {
            return indicator + (expect == Expect.FIRE ? "-pos-" : "-nm-") + number;
        }
    }

    private static final String PROPERTY = "PROPERTY";
    private static final String BUSINESS = "BUSINESS";
    private static final String APPLICATION = "PERMIT_APPLICATION";
    /** Days from submission to decision in {@link Story#apply}. */
    private static final int LIFECYCLE = 45;

    private final GeneratorOptions options;
    private final PlantingThresholds thresholds;
    private final Identifiers ids;
    private final EventFactory events;
    private final TimeOrderedEmitter emitter;
    private final SplittableRandom random;
    private final long median;

    PlantedCases(
            final GeneratorOptions options,
            final PlantingThresholds thresholds,
            final Identifiers ids,
            final EventFactory events,
            final TimeOrderedEmitter emitter) {
        this.options = options;
        this.thresholds = thresholds;
        this.ids = ids;
        this.events = events;
        this.emitter = emitter;
        this.random = new SplittableRandom(options.seed() * 0x2545F4914F6CDD1DL + 0x71L);
        this.median = options.profile().medianPrice;
    }

    /** Writes every case that fits in the period, in every round, and returns the ground truth for them. */
    List<PlantedCase> plant() {
        final int rounds = rounds(options);
        final int periodDays = (int) ChronoUnit.DAYS.between(options.start(), options.end());
        final List<PlantedCase> cases = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            for (final Spec spec : catalogue()) {
                final int room = periodDays - spec.spanDays() - 2;
                if (room < 1) {
                    continue;
                }
                final LocalDate anchor = options.start().plusDays(1 + random.nextInt(room));
                final String caseId = rounds == 1 ? spec.baseId() : spec.baseId() + "-r" + Identifiers.zeroPadded(round, 3);
                final Story story = new Story(counters, ids, events, emitter, options.start(), anchor, caseId);
                final Outcome outcome = spec.story().apply(story);
                cases.add(
                        new PlantedCase(
                                caseId, spec.indicator(), spec.expect(), outcome.subjectType(), outcome.subjectId(),
                                outcome.expected().stream().sorted().toList(), outcome.others(), outcome.description(),
                                story.eventIds()));
            }
        }
        return cases;
    }

    /** What the planted stories wrote, per background flow. */
    long[] plantedFlows() {
        return counters.flows.clone();
    }

    /** LEIDEN: the catalogue once; NATIONAL: {@link Profile#plantedRoundsPerYear} times per simulated year. */
    static int rounds(final GeneratorOptions options) {
        return options.profile() == Profile.LEIDEN
                ? 1
                : Math.max(1, options.profile().plantedRoundsPerYear * options.years());
    }

    private List<Spec> catalogue() {
        final List<Spec> specs = new ArrayList<>();
        i1(specs);
        i2(specs);
        i3(specs);
        i4(specs);
        i5(specs);
        i6(specs);
        i7(specs);
        i8(specs);
        i9(specs);
        i10(specs);
        i11(specs);
        i12(specs);
        return specs;
    }

    // ---------------------------------------------------------------- I1 ABC / rapid resale

    private void i1(final List<Spec> specs) {
        specs.add(resale(Expect.FIRE, 1, 90, 300_000, 405_000, "resold after 90 days at 1.35x the first price"));
        specs.add(resale(Expect.FIRE, 2, 60, 250_000, 300_000, "resold after 60 days at exactly 1.20x (inclusive boundary)"));
        specs.add(resale(Expect.FIRE, 3, thresholds.i1ResaleWindowDays(), 300_000, 390_000,
                "resold after exactly 183 days (inclusive boundary) at 1.30x"));
        specs.add(resale(Expect.NO_FIRE, 1, 120, 300_000, 357_000, "resold after 120 days at 1.19x, just under 1.2x"));
        specs.add(resale(Expect.NO_FIRE, 2, thresholds.i1ResaleWindowDays() + 1, 300_000, 450_000,
                "resold at 1.5x but after 184 days, one day outside the window"));
    }

    private Spec resale(
            final Expect expect, final int number, final int gapDays, final long first, final long second,
            final String description) {
        return new Spec("I1", expect, number, gapDays, s -> {
            final String object = s.bag();
            final long woz = first * 11 / 10;
            final Party a = EventFactory.person(s.person());
            final Party b = EventFactory.person(s.person());
            final Party c = EventFactory.person(s.person());
            s.transfer(s.day(0), object, first, woz, true, b, a);
            s.transfer(s.day(gapDays), object, second, woz, true, c, b);
            return new Outcome(PROPERTY, object, expect == Expect.FIRE ? List.of("I1") : List.of(), List.of(),
                    description + "; persons with mortgages, WOZ " + woz);
        });
    }

    // ---------------------------------------------------------------- I2 price far from WOZ

    private void i2(final List<Spec> specs) {
        specs.add(wozRatio(Expect.FIRE, 1, 400_000, 220_000, false, "sold at 0.55x its WOZ value"));
        specs.add(wozRatio(Expect.FIRE, 2, 200_000, 350_000, false, "sold at 1.75x its WOZ value"));
        specs.add(wozRatio(Expect.FIRE, 3, 300_000, 195_000, false, "sold at 0.65x its WOZ value"));
        specs.add(wozRatio(Expect.NO_FIRE, 1, 300_000, 213_000, false, "sold at 0.71x its WOZ value, just inside 0.7"));
        specs.add(wozRatio(Expect.NO_FIRE, 2, 250_000, 372_500, false, "sold at 1.49x its WOZ value, just inside 1.5"));
        specs.add(wozRatio(Expect.NO_FIRE, 3, 300_000, 120_000, true,
                "sold at 0.40x its WOZ value but the price covers several objects (skipped)"));
    }

    private Spec wozRatio(
            final Expect expect, final int number, final long woz, final long price, final boolean severalObjects,
            final String description) {
        return new Spec("I2", expect, number, 0, s -> {
            final String object = s.bag();
            final Party buyer = EventFactory.person(s.person());
            final Party seller = EventFactory.person(s.person());
            if (severalObjects) {
                s.transferOfSeveralObjects(s.day(0), object, price, woz, buyer, seller);
            } else {
                s.transfer(s.day(0), object, price, woz, true, buyer, seller);
            }
            return new Outcome(PROPERTY, object, expect == Expect.FIRE ? List.of("I2") : List.of(), List.of(),
                    description + "; person buyer with mortgage");
        });
    }

    // ---------------------------------------------------------------- I3 purchase without mortgage

    /** I3 is decided when the mortgage window closes, 31 days after the deed, and released a hold later. */
    private static final int I3_SPAN = 60;

    private void i3(final List<Spec> specs) {
        specs.add(noMortgage(Expect.FIRE, 1, true, median * 8 / 10, null,
                "no mortgage, buyer a legal entity (years old), price below the median"));
        specs.add(noMortgage(Expect.FIRE, 2, false, median * 16 / 10, null,
                "no mortgage, buyer a person, price 1.6x the median"));
        specs.add(noMortgage(Expect.FIRE, 3, true, median * 12 / 10, null,
                "no mortgage, buyer a legal entity, price 1.2x the median"));
        specs.add(noMortgage(Expect.FIRE, 4, true, median * 12 / 10, thresholds.i3MortgageWindowDays() + 10,
                "buyer a legal entity, price 1.2x the median, mortgage registered 40 days after the transfer: "
                        + "outside the window, which closed first"));
        specs.add(noMortgage(Expect.NO_FIRE, 1, false, median * 3 / 4, null,
                "no mortgage but buyer a person and price 0.75x the median"));
        specs.add(noMortgage(Expect.NO_FIRE, 2, true, median * 16 / 10, Story.MORTGAGE_AFTER_DAYS,
                "buyer a legal entity and price 1.6x the median, but a mortgage was registered a week later"));
        specs.add(noMortgage(Expect.NO_FIRE, 3, true, median * 16 / 10, 20,
                "buyer a legal entity and price 1.6x the median, mortgage registered 20 days after the transfer "
                        + "(inside the window)"));
        specs.add(noMortgage(Expect.NO_FIRE, 4, true, median * 12 / 10, thresholds.i3MortgageWindowDays(),
                "buyer a legal entity, price 1.2x the median, mortgage registered exactly 30 days after the transfer "
                        + "(inclusive boundary)"));
        specs.add(noMortgage(Expect.NO_FIRE, 5, true, median * 12 / 10, -5,
                "buyer a legal entity, price 1.2x the median, mortgage registered 5 days before the transfer"));
    }

    private Spec noMortgage(
            final Expect expect, final int number, final boolean legalEntity, final long price,
            final Integer mortgageAfterDays, final String description) {
        return new Spec("I3", expect, number, I3_SPAN, s -> {
            final String object = s.bag();
            final Party buyer =
                    legalEntity ? EventFactory.business(s.established(LegalForm.BV, "7022").kvk())
                            : EventFactory.person(s.person());
            // a mortgage registered before the transfer still falls inside the case's days
            final LocalDate deed = s.day(mortgageAfterDays != null && mortgageAfterDays < 0 ? -mortgageAfterDays : 0);
            s.transfer(deed, object, price, normalWoz(price), mortgageAfterDays, buyer, EventFactory.person(s.person()));
            return new Outcome(PROPERTY, object, expect == Expect.FIRE ? List.of("I3") : List.of(), List.of(),
                    description + " (median " + median + ")");
        });
    }

    // ---------------------------------------------------------------- I4 newly formed buyer

    private void i4(final List<Spec> specs) {
        specs.add(newBuyer(Expect.FIRE, 1, deed -> deed.minusDays(60), "buyer BV started 60 days before the deed"));
        specs.add(newBuyer(Expect.FIRE, 2, deed -> deed.minusDays(200), "buyer BV started 200 days before the deed"));
        specs.add(newBuyer(Expect.FIRE, 3, deed -> deed.minusMonths(thresholds.i4NewBuyerMonths()).plusDays(3),
                "buyer BV started 12 months minus 3 days before the deed"));
        specs.add(newBuyer(Expect.NO_FIRE, 1, deed -> deed.minusMonths(thresholds.i4NewBuyerMonths()).minusDays(5),
                "buyer BV started 12 months and 5 days before the deed"));
        specs.add(newBuyer(Expect.NO_FIRE, 2, deed -> deed.minusYears(2), "buyer BV started 2 years before the deed"));
    }

    private Spec newBuyer(
            final Expect expect, final int number, final Function<LocalDate, LocalDate> startDate, final String description) {
        return new Spec("I4", expect, number, 0, s -> {
            final String object = s.bag();
            final Business buyer = s.registered(startDate.apply(s.day(0)), LegalForm.BV, "7022", s.bag(), s.person());
            final long price = median * 8 / 10;
            s.transfer(s.day(0), object, price, normalWoz(price), true, EventFactory.business(buyer.kvk()),
                    EventFactory.person(s.person()));
            return new Outcome(PROPERTY, object, expect == Expect.FIRE ? List.of("I4") : List.of(), List.of(),
                    description + "; mortgage registered, price below the median");
        });
    }

    // ---------------------------------------------------------------- I5 portfolio burst

    private void i5(final List<Spec> specs) {
        specs.add(portfolio(Expect.FIRE, 1, false, new int[] {0, 100, 200}, -1, "a person acquires 3 objects in 200 days"));
        specs.add(portfolio(Expect.FIRE, 2, true, new int[] {0, 150, 330}, -1, "a BV acquires 3 objects in 330 days"));
        specs.add(portfolio(Expect.FIRE, 3, false, new int[] {0, 10, 20}, -1, "a person acquires 3 objects in 20 days"));
        specs.add(portfolio(Expect.NO_FIRE, 1, false, new int[] {0, 60}, -1, "a person acquires 2 objects in 60 days"));
        specs.add(portfolio(Expect.NO_FIRE, 2, false, new int[] {0, 200, 375}, -1,
                "a person acquires 3 objects, but the first and third are 375 days (more than 12 months) apart"));
        specs.add(portfolio(Expect.NO_FIRE, 3, false, new int[] {0, 100}, 250,
                "a person acquires 2 objects and sells the first after 250 days: 2 acquisitions, 1 sale"));
    }

    private Spec portfolio(
            final Expect expect, final int number, final boolean legalEntity, final int[] days, final int sellFirstAfter,
            final String description) {
        final int span = Math.max(days[days.length - 1], sellFirstAfter);
        return new Spec("I5", expect, number, span, s -> {
            final Business company = legalEntity ? s.established(LegalForm.BV, "6810") : null;
            final Party buyer = legalEntity ? EventFactory.business(company.kvk()) : EventFactory.person(s.person());
            final long price = median * 8 / 10;
            String first = null;
            String last = null;
            for (final int day : days) {
                last = s.bag();
                first = first == null ? last : first;
                s.transfer(s.day(day), last, price, normalWoz(price), true, buyer, EventFactory.person(s.person()));
            }
            if (sellFirstAfter > 0) {
                s.transfer(s.day(sellFirstAfter), first, price * 105 / 100, normalWoz(price), true,
                        EventFactory.person(s.person()), buyer);
            }
            final List<OtherSubject> others =
                    legalEntity && expect == Expect.FIRE ? List.of(new OtherSubject(BUSINESS, company.kvk(), List.of("I5")))
                            : List.of();
            return new Outcome(PROPERTY, last, expect == Expect.FIRE ? List.of("I5") : List.of(), others,
                    description + "; each with a mortgage at a price below the median; subject is the last acquisition");
        });
    }

    // ---------------------------------------------------------------- I6 address saturation

    private void i6(final List<Spec> specs) {
        specs.add(saturation(Expect.FIRE, 1, 10, 25, -1, "10 active establishments, registered 25 days apart"));
        specs.add(saturation(Expect.FIRE, 2, 5, 20, -1, "5 new establishments within 80 days"));
        specs.add(saturation(Expect.FIRE, 3, 6, 9, -1, "6 new establishments within 45 days"));
        specs.add(saturation(Expect.NO_FIRE, 1, 9, 25, -1,
                "9 active establishments, registered 25 days apart (at most 4 in any 90 days)"));
        specs.add(saturation(Expect.NO_FIRE, 2, 4, 10, -1, "4 new establishments within 30 days"));
        specs.add(saturation(Expect.NO_FIRE, 3, 10, 25, 210,
                "10 establishments registered 25 days apart, the first deregistered on day 210 before the tenth "
                        + "arrives on day 225: at most 9 active"));
        specs.add(new Spec("I6", Expect.NO_FIRE, 4, 9 * 25, s -> {
            final String object = s.bag();
            s.describe(object, List.of(BagPurpose.KANTOORFUNCTIE), 40);
            registerMany(s, object, 10, 25);
            return new Outcome(PROPERTY, object, List.of(), List.of(),
                    "10 active establishments, registered 25 days apart, in an office building of 40 units without "
                            + "homes (BAG): a multi-tenant business building");
        }));
        specs.add(new Spec("I6", Expect.NO_FIRE, 5, 9 * 9, s -> {
            final String object = s.bag();
            s.registered(s.day(0), LegalForm.BV, DOMICILE_SBI, object, s.person());
            registerMany(s, object, 9, 9);
            return new Outcome(PROPERTY, object, List.of(), List.of(),
                    "a domicile provider (SBI " + DOMICILE_SBI + ") at the address, then 9 new establishments within 81 "
                            + "days: a domicile address");
        }));
    }

    /** SBI 2008 code of a domicile provider, in I6's domicileSbiCodes. */
    private static final String DOMICILE_SBI = "8211";

    private static void registerMany(final Story s, final String object, final int count, final int spacing) {
        for (int i = 0; i < count; i++) {
            s.registered(s.day((long) i * spacing), i % 2 == 0 ? LegalForm.EENMANSZAAK : LegalForm.BV,
                    Background.ORDINARY_SBI[i % Background.ORDINARY_SBI.length], object, s.person());
        }
    }

    private Spec saturation(
            final Expect expect, final int number, final int count, final int spacing, final int firstLeaves,
            final String description) {
        return new Spec("I6", expect, number, (count - 1) * spacing, s -> {
            final String object = s.bag();
            // a residential building: never excluded on its size, whatever the number of units
            s.describe(object, List.of(BagPurpose.WOONFUNCTIE), number == 1 ? 24 : 1 + number);
            Business first = null;
            for (int i = 0; i < count; i++) {
                final Business business =
                        s.registered(s.day((long) i * spacing), i % 2 == 0 ? LegalForm.EENMANSZAAK : LegalForm.BV,
                                Background.ORDINARY_SBI[i % Background.ORDINARY_SBI.length], object, s.person());
                first = first == null ? business : first;
            }
            if (firstLeaves >= 0) {
                s.deregister(s.day(firstLeaves), first, "OO");
            }
            return new Outcome(PROPERTY, object, expect == Expect.FIRE ? List.of("I6") : List.of(), List.of(),
                    description + " on one BAG object");
        });
    }

    // ---------------------------------------------------------------- I7 officer churn

    private void i7(final List<Spec> specs) {
        specs.add(new Spec("I7", Expect.FIRE, 1, 120 + LIFECYCLE, s -> {
            final Business applicant = s.established(LegalForm.BV, "56101");
            final String second = s.person();
            final String third = s.person();
            s.appoint(s.day(0), applicant, second);
            s.appoint(s.day(40), applicant, third);
            s.resign(s.day(80), applicant, second);
            final String application = s.apply(s.day(120), PermitKind.EXPLOITATIE, applicant, applicant.bag(),
                    List.of(s.person()), PermitOutcome.GRANTED);
            return new Outcome(APPLICATION, application, List.of("I7"),
                    List.of(new OtherSubject(BUSINESS, applicant.kvk(), List.of("I7"))),
                    "3 officer changes in 80 days, then an operating-permit application 40 days later");
        }));
        specs.add(new Spec("I7", Expect.FIRE, 2, 60 + LIFECYCLE, s -> {
            final Business applicant = s.established(LegalForm.BV, "5630");
            s.resign(s.day(0), applicant, applicant.officer());
            s.appoint(s.day(2), applicant, s.person());
            final String application = s.apply(s.day(60), PermitKind.ALCOHOL, applicant, applicant.bag(),
                    List.of(s.person()), PermitOutcome.GRANTED);
            return new Outcome(APPLICATION, application, List.of("I7"), List.of(),
                    "the only director resigned and a new one was appointed 58 days before an alcohol-licence application "
                            + "(whole board replaced within 90 days; only 2 changes)");
        }));
        specs.add(new Spec("I7", Expect.FIRE, 3, 180, s -> {
            final Business business = s.established(LegalForm.BV, "4711");
            final String second = s.person();
            final String third = s.person();
            s.appoint(s.day(0), business, second);
            s.resign(s.day(60), business, second);
            s.appoint(s.day(120), business, third);
            s.resign(s.day(180), business, third);
            return new Outcome(BUSINESS, business.kvk(), List.of("I7"), List.of(),
                    "4 officer changes in 180 days, no permit application");
        }));
        specs.add(new Spec("I7", Expect.NO_FIRE, 1, 120 + LIFECYCLE, s -> {
            final Business applicant = s.established(LegalForm.BV, "56101");
            final String second = s.person();
            s.appoint(s.day(0), applicant, second);
            s.resign(s.day(60), applicant, second);
            final String application = s.apply(s.day(120), PermitKind.EXPLOITATIE, applicant, applicant.bag(),
                    List.of(s.person()), PermitOutcome.GRANTED);
            return new Outcome(APPLICATION, application, List.of(), List.of(),
                    "2 officer changes in 12 months (the first director stays), then an application");
        }));
        specs.add(new Spec("I7", Expect.NO_FIRE, 2, 101 + LIFECYCLE, s -> {
            final Business applicant = s.established(LegalForm.BV, "56102");
            s.resign(s.day(0), applicant, applicant.officer());
            s.appoint(s.day(1), applicant, s.person());
            final String application = s.apply(s.day(101), PermitKind.EXPLOITATIE, applicant, applicant.bag(),
                    List.of(s.person()), PermitOutcome.GRANTED);
            return new Outcome(APPLICATION, application, List.of(), List.of(),
                    "whole board replaced 100 and 101 days before the application, just outside 90 days");
        }));
        specs.add(new Spec("I7", Expect.NO_FIRE, 3, 400 + LIFECYCLE, s -> {
            final Business applicant = s.established(LegalForm.BV, "5630");
            final String second = s.person();
            s.appoint(s.day(0), applicant, second);
            s.resign(s.day(200), applicant, second);
            s.appoint(s.day(380), applicant, s.person());
            final String application = s.apply(s.day(400), PermitKind.EXPLOITATIE, applicant, applicant.bag(),
                    List.of(s.person()), PermitOutcome.GRANTED);
            return new Outcome(APPLICATION, application, List.of(), List.of(),
                    "3 officer changes spread over 380 days (at most 2 in any 12 months), then an application");
        }));
    }

    // ---------------------------------------------------------------- I8 straw man

    private void i8(final List<Spec> specs) {
        specs.add(strawManActive(Expect.FIRE, 1, 5, -1, "one person registers 5 BVs in 120 days as director"));
        specs.add(strawManEnded(Expect.FIRE, 2, new String[] {"BR", "OO", "BR"},
                "director of 3 BVs ended (BR, OO, BR) within 120 days, then registers a new BV"));
        specs.add(new Spec("I8", Expect.FIRE, 3, 80, s -> {
            final String straw = s.person();
            final List<String> kvks = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                final Business business = s.established(LegalForm.BV, "7022");
                s.appoint(s.day(20L * i), business, straw);
                kvks.add(business.kvk());
            }
            return new Outcome(BUSINESS, kvks.get(4), List.of("I8"), others(kvks.subList(0, 4), "I8"),
                    "one person appointed director of 5 existing BVs in 80 days; subject is the fifth");
        }));
        specs.add(strawManActive(Expect.NO_FIRE, 1, 4, -1, "one person registers 4 BVs as director"));
        specs.add(strawManEnded(Expect.NO_FIRE, 2, new String[] {"BR", "OO", "FS"},
                "director of 3 BVs ended, but one by merger (FS): 2 ended BR/OO, then registers a new BV"));
        specs.add(strawManActive(Expect.NO_FIRE, 3, 5, 100,
                "one person registers 5 BVs, but the first is deregistered (OO) before the fifth: 4 active"));
    }

    private Spec strawManActive(
            final Expect expect, final int number, final int count, final int firstEnds, final String description) {
        return new Spec("I8", expect, number, 30 * (count - 1), s -> {
            final String straw = s.person();
            final List<Business> businesses = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                businesses.add(s.registered(s.day(30L * i), LegalForm.BV, "7022", s.bag(), straw));
            }
            if (firstEnds >= 0) {
                s.deregister(s.day(firstEnds), businesses.get(0), "OO");
            }
            final List<String> kvks = businesses.stream().map(Business::kvk).toList();
            final String subject = kvks.get(count - 1);
            return new Outcome(BUSINESS, subject, expect == Expect.FIRE ? List.of("I8") : List.of(),
                    expect == Expect.FIRE ? others(kvks.subList(0, count - 1), "I8") : List.of(),
                    description + "; subject is the last one registered");
        });
    }

    private Spec strawManEnded(
            final Expect expect, final int number, final String[] reasons, final String description) {
        return new Spec("I8", expect, number, 150, s -> {
            final String straw = s.person();
            for (int i = 0; i < reasons.length; i++) {
                final Business ended =
                        s.registered(s.anchor().minusYears(3).minusDays(i), LegalForm.BV, "4520", s.bag(), straw);
                s.deregister(s.day(60L * i), ended, reasons[i]);
            }
            final Business fresh = s.registered(s.day(150), LegalForm.BV, "7022", s.bag(), straw);
            return new Outcome(BUSINESS, fresh.kvk(), expect == Expect.FIRE ? List.of("I8") : List.of(), List.of(),
                    description + "; subject is the new BV");
        });
    }

    private static List<OtherSubject> others(final List<String> kvks, final String indicator) {
        return kvks.stream().map(kvk -> new OtherSubject(BUSINESS, kvk, List.of(indicator))).toList();
    }

    // ---------------------------------------------------------------- I9 risk-sector front at a fresh property

    private void i9(final List<Spec> specs) {
        specs.add(front(Expect.FIRE, 1, Acquisition.NO_MORTGAGE_ENTITY, 60, "96021", false,
                "bought without mortgage by a BV (I3), a barbershop registered there 60 days later"));
        specs.add(front(Expect.FIRE, 2, Acquisition.NEW_BUYER, 120, "4726", true,
                "bought by a BV started 100 days earlier (I4), the business there changes activity to tobacco/vape "
                        + "shop 120 days later"));
        specs.add(front(Expect.FIRE, 3, Acquisition.NO_MORTGAGE_EXPENSIVE, 170, "4520", false,
                "bought without mortgage by a person at 1.6x the median (I3), a car-repair business registered there "
                        + "170 days later"));
        specs.add(front(Expect.FIRE, 4, Acquisition.NO_MORTGAGE_ENTITY, 10, "96021", false,
                "bought without mortgage by a BV, a barbershop registered there 10 days later, before the mortgage "
                        + "window closed: I9 fires when I3 is decided"));
        specs.add(front(Expect.NO_FIRE, 1, Acquisition.NO_MORTGAGE_ENTITY, -7, "9604", false,
                "bought without mortgage by a BV (I3), a sunbed studio registered there 7 months later"));
        specs.add(front(Expect.NO_FIRE, 2, Acquisition.CLEAN, 30, "96022", false,
                "an ordinary purchase (mortgage, person, below median), a beauty salon registered there 30 days later"));
        specs.add(front(Expect.NO_FIRE, 3, Acquisition.NO_MORTGAGE_ENTITY, 30, "6201", false,
                "bought without mortgage by a BV (I3), an IT business (not a risk sector) registered there 30 days later"));
    }

    private enum Acquisition { CLEAN, NO_MORTGAGE_ENTITY, NO_MORTGAGE_EXPENSIVE, NEW_BUYER }

    /** @param laterDays days after the deed, or minus the number of months */
    private Spec front(
            final Expect expect, final int number, final Acquisition acquisition, final int laterDays, final String sbi,
            final boolean activityChange, final String description) {
        final int span = laterDays < 0 ? 31 * -laterDays : laterDays;
        final boolean i3 = acquisition == Acquisition.NO_MORTGAGE_ENTITY || acquisition == Acquisition.NO_MORTGAGE_EXPENSIVE;
        return new Spec("I9", expect, number, i3 ? Math.max(span, I3_SPAN) : span, s -> {
            final String object = s.bag();
            final Business occupant =
                    activityChange ? s.registered(s.anchor().minusYears(6), LegalForm.EENMANSZAAK, "4711", object, s.person())
                            : null;
            final Party seller = EventFactory.person(s.person());
            final long ordinaryPrice = median * 8 / 10;
            final List<String> expected = new ArrayList<>();
            switch (acquisition) {
                case CLEAN -> s.transfer(s.day(0), object, ordinaryPrice, normalWoz(ordinaryPrice), true,
                        EventFactory.person(s.person()), seller);
                case NO_MORTGAGE_ENTITY -> {
                    final Business buyer = s.established(LegalForm.BV, "7022");
                    s.transfer(s.day(0), object, ordinaryPrice, normalWoz(ordinaryPrice), false,
                            EventFactory.business(buyer.kvk()), seller);
                    expected.add("I3");
                }
                case NO_MORTGAGE_EXPENSIVE -> {
                    final long price = median * 16 / 10;
                    s.transfer(s.day(0), object, price, normalWoz(price), false, EventFactory.person(s.person()), seller);
                    expected.add("I3");
                }
                case NEW_BUYER -> {
                    final Business buyer = s.registered(s.day(-100), LegalForm.BV, "6810", s.bag(), s.person());
                    s.transfer(s.day(0), object, ordinaryPrice, normalWoz(ordinaryPrice), true,
                            EventFactory.business(buyer.kvk()), seller);
                    expected.add("I4");
                }
                default -> throw new IllegalStateException(acquisition.name());
            }
            final LocalDate later = laterDays < 0 ? s.anchor().plusMonths(-laterDays) : s.day(laterDays);
            if (activityChange) {
                s.changeActivity(later, occupant, sbi);
            } else {
                s.registered(later, LegalForm.EENMANSZAAK, sbi, object, s.person());
            }
            if (expect == Expect.FIRE) {
                expected.add("I9");
            }
            return new Outcome(PROPERTY, object, expected, List.of(), description);
        });
    }

    // ---------------------------------------------------------------- I10 operator carousel

    private void i10(final List<Spec> specs) {
        specs.add(carousel(Expect.FIRE, 1, new int[] {0, 150, 300}, new int[] {0, 1, 2},
                new PermitKind[] {PermitKind.EXPLOITATIE, PermitKind.EXPLOITATIE, PermitKind.EXPLOITATIE},
                "3 different applicants for an operating permit on one object within 300 days"));
        specs.add(carousel(Expect.FIRE, 2, new int[] {0, 40, 120}, new int[] {0, 1, 2},
                new PermitKind[] {PermitKind.ALCOHOL, PermitKind.EXPLOITATIE, PermitKind.ALCOHOL},
                "3 different applicants (alcohol, operating, alcohol) on one object within 120 days"));
        specs.add(carousel(Expect.FIRE, 3, new int[] {0, 1, 100, 200}, new int[] {0, 0, 1, 2},
                new PermitKind[] {PermitKind.EXPLOITATIE, PermitKind.ALCOHOL, PermitKind.EXPLOITATIE, PermitKind.ALCOHOL},
                "4 applications by 3 different applicants on one object within 200 days"));
        specs.add(carousel(Expect.NO_FIRE, 1, new int[] {0, 10, 150}, new int[] {0, 0, 1},
                new PermitKind[] {PermitKind.EXPLOITATIE, PermitKind.ALCOHOL, PermitKind.EXPLOITATIE},
                "3 applications on one object but by 2 different applicants"));
        specs.add(carousel(Expect.NO_FIRE, 2, new int[] {0, 100, 200}, new int[] {0, 1, 2},
                new PermitKind[] {PermitKind.EXPLOITATIE, PermitKind.EXPLOITATIE, PermitKind.TERRAS},
                "3 different applicants on one object, but the third only for a terrace permit"));
        specs.add(carousel(Expect.NO_FIRE, 3, new int[] {0, 400, 760}, new int[] {0, 1, 2},
                new PermitKind[] {PermitKind.EXPLOITATIE, PermitKind.EXPLOITATIE, PermitKind.EXPLOITATIE},
                "3 different applicants on one object, but spread over 760 days (at most 2 in any 24 months)"));
    }

    private Spec carousel(
            final Expect expect, final int number, final int[] days, final int[] applicantIndex, final PermitKind[] kinds,
            final String description) {
        return new Spec("I10", expect, number, days[days.length - 1] + LIFECYCLE, s -> {
            final String premises = s.bag();
            final List<Business> applicants = new ArrayList<>();
            String application = null;
            for (int i = 0; i < days.length; i++) {
                if (applicantIndex[i] == applicants.size()) {
                    applicants.add(s.established(LegalForm.BV, "56101"));
                }
                application = s.apply(s.day(days[i]), kinds[i], applicants.get(applicantIndex[i]), premises,
                        List.of(s.person()), PermitOutcome.GRANTED);
            }
            return new Outcome(APPLICATION, application, expect == Expect.FIRE ? List.of("I10") : List.of(), List.of(),
                    description + "; subject is the last application");
        });
    }

    // ---------------------------------------------------------------- I11 fresh or reshuffled applicant

    private void i11(final List<Spec> specs) {
        specs.add(freshApplicant(Expect.FIRE, 1, app -> app.minusDays(30), "applicant BV started 30 days before"));
        specs.add(new Spec("I11", Expect.FIRE, 2, 100 + LIFECYCLE, s -> {
            final Business applicant = s.established(LegalForm.EENMANSZAAK, "56101");
            s.changeLegalForm(s.day(0), applicant, LegalForm.BV);
            final String application = s.apply(s.day(100), PermitKind.EXPLOITATIE, applicant, applicant.bag(),
                    List.of(s.person()), PermitOutcome.GRANTED);
            return new Outcome(APPLICATION, application, List.of("I11"), List.of(),
                    "applicant changed legal form (eenmanszaak to BV) 100 days before the application");
        }));
        specs.add(new Spec("I11", Expect.FIRE, 3, 150 + LIFECYCLE, s -> {
            final Business predecessor = s.established(LegalForm.VOF, "56101");
            final Business applicant = s.established(LegalForm.BV, "56101");
            s.continueFrom(s.day(0), applicant, predecessor);
            final String application = s.apply(s.day(150), PermitKind.ALCOHOL, applicant, applicant.bag(),
                    List.of(s.person()), PermitOutcome.GRANTED);
            return new Outcome(APPLICATION, application, List.of("I11"), List.of(),
                    "applicant continued another business (VoortzettingEnOverdracht) 150 days before the application");
        }));
        specs.add(freshApplicant(Expect.NO_FIRE, 1,
                app -> app.minusMonths(thresholds.i11FreshApplicantMonths()).minusDays(1),
                "applicant BV started 3 months and 1 day before"));
        specs.add(new Spec("I11", Expect.NO_FIRE, 2, 200 + LIFECYCLE, s -> {
            final Business applicant = s.established(LegalForm.EENMANSZAAK, "5630");
            s.changeLegalForm(s.day(0), applicant, LegalForm.BV);
            final LocalDate submitted = s.day(0).plusMonths(thresholds.i11ReshuffleMonths()).plusDays(5);
            final String application = s.apply(submitted, PermitKind.EXPLOITATIE, applicant, applicant.bag(),
                    List.of(s.person()), PermitOutcome.GRANTED);
            return new Outcome(APPLICATION, application, List.of(), List.of(),
                    "applicant changed legal form 6 months and 5 days before the application");
        }));
        specs.add(freshApplicant(Expect.NO_FIRE, 3, app -> app.minusMonths(4), "applicant BV started 4 months before"));
    }

    private Spec freshApplicant(
            final Expect expect, final int number, final Function<LocalDate, LocalDate> startDate,
            final String description) {
        return new Spec("I11", expect, number, LIFECYCLE, s -> {
            final Business applicant =
                    s.registered(startDate.apply(s.day(0)), LegalForm.BV, "56101", s.bag(), s.person());
            final String application = s.apply(s.day(0), PermitKind.EXPLOITATIE, applicant, applicant.bag(),
                    List.of(s.person()), PermitOutcome.GRANTED);
            return new Outcome(APPLICATION, application, expect == Expect.FIRE ? List.of("I11") : List.of(), List.of(),
                    description + " the operating-permit application");
        });
    }

    // ---------------------------------------------------------------- I12 prior danger conclusion (Bibob zone)

    private void i12(final List<Spec> specs) {
        specs.add(new Spec("I12", Expect.FIRE, 1, 120 + LIFECYCLE, s -> {
            final Business applicant = s.established(LegalForm.BV, "56101");
            s.screening(s.day(0), applicant.kvk(), null, DangerLevel.SERIOUS_DANGER, false, 40);
            final String application = s.apply(s.day(120), PermitKind.EXPLOITATIE, applicant, applicant.bag(),
                    List.of(s.person()), PermitOutcome.REFUSED);
            return new Outcome(APPLICATION, application, List.of("I12"), List.of(),
                    "the applicant itself had a SERIOUS_DANGER conclusion 80 days before applying (Bibob zone only)");
        }));
        specs.add(new Spec("I12", Expect.FIRE, 2, 150 + LIFECYCLE, s -> {
            final Business applicant = s.established(LegalForm.BV, "5630");
            s.screening(s.day(0), null, applicant.officer(), DangerLevel.SERIOUS_DANGER, true, 85);
            final String application = s.apply(s.day(150), PermitKind.ALCOHOL, applicant, applicant.bag(),
                    List.of(s.person()), PermitOutcome.REFUSED);
            return new Outcome(APPLICATION, application, List.of("I12"), List.of(),
                    "the applicant's director had a SERIOUS_DANGER conclusion (after LBB advice) before the application "
                            + "(Bibob zone only)");
        }));
        specs.add(new Spec("I12", Expect.FIRE, 3, 100 + LIFECYCLE, s -> {
            final Business applicant = s.established(LegalForm.BV, "56102");
            final String manager = s.person();
            s.screening(s.day(0), null, manager, DangerLevel.SERIOUS_DANGER, false, 40);
            final String application = s.apply(s.day(100), PermitKind.EXPLOITATIE, applicant, applicant.bag(),
                    List.of(manager), PermitOutcome.REFUSED);
            return new Outcome(APPLICATION, application, List.of("I12"), List.of(),
                    "a manager named in the application had a SERIOUS_DANGER conclusion 60 days before (Bibob zone only)");
        }));
        specs.add(priorConclusion(Expect.NO_FIRE, 1, DangerLevel.LESSER_DANGER, false,
                "the applicant's earlier screening concluded LESSER_DANGER"));
        specs.add(priorConclusion(Expect.NO_FIRE, 2, DangerLevel.NO_DANGER, false,
                "the applicant's earlier screening concluded NO_DANGER"));
        specs.add(priorConclusion(Expect.NO_FIRE, 3, DangerLevel.SERIOUS_DANGER, true,
                "a SERIOUS_DANGER conclusion exists, but on an unrelated business; the applicant is clean"));
    }

    private Spec priorConclusion(
            final Expect expect, final int number, final DangerLevel conclusion, final boolean unrelated,
            final String description) {
        return new Spec("I12", expect, number, 120 + LIFECYCLE, s -> {
            final Business applicant = s.established(LegalForm.BV, "56101");
            final String screened = unrelated ? s.established(LegalForm.BV, "4520").kvk() : applicant.kvk();
            s.screening(s.day(0), screened, null, conclusion, false, 40);
            final String application = s.apply(s.day(120), PermitKind.EXPLOITATIE, applicant, applicant.bag(),
                    List.of(s.person()), PermitOutcome.GRANTED);
            return new Outcome(APPLICATION, application, List.of(), List.of(), description);
        });
    }

    // ---------------------------------------------------------------- shared by the cases

    /** A WOZ value that puts the price at about 1.03x WOZ, well inside I2's band. */
    private static long normalWoz(final long price) {
        return Math.round(price / 1.03 / 1000.0) * 1000;
    }
}
