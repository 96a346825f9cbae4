package nl.barriere.devkit.generator;

import java.io.IOException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import nl.barriere.schema.BagPurpose;
import nl.barriere.schema.BibobCaseEventType;
import nl.barriere.schema.BusinessEventType;
import nl.barriere.schema.DangerLevel;
import nl.barriere.schema.LegalForm;
import nl.barriere.schema.Officer;
import nl.barriere.schema.OfficerRole;
import nl.barriere.schema.Party;
import nl.barriere.schema.PermitEventType;
import nl.barriere.schema.PermitKind;
import nl.barriere.schema.PermitOutcome;

/**
 * The ordinary life of the municipality, simulated one day at a time: registrations, mutations,
 * deregistrations, property transfers, permit applications and Bibob screenings, at the profile's yearly
 * volumes. Built so that no indicator can fire on it; the invariants are listed on {@link Generator}.
 *
 * <p>State is kept in primitive arrays indexed by business, person and BAG object, so the national profile
 * fits in memory. Daily counts follow the yearly rate exactly (a running accumulator, weighted by weekday),
 * so volumes do not depend on luck.
 */
final class Background {

    static final String[] ORDINARY_SBI = {
        "6201", "7022", "4791", "8559", "4321", "4399", "7410", "8690", "6920", "4941", "8121", "9001",
        "1071", "4711", "6311", "4120", "7111", "8622", "4332", "7311", "8010", "9313", "4673", "6419"
    };
    /** Cash-intensive and front sectors of {@code DOMAIN.md} §1a (I9's risk list). */
    static final String[] RISK_SBI = {
        "96021", "96022", "9604", "4520", "7711", "4742", "4726", "4778", "6810", "6831", "9200"
    };
    static final String[] HORECA_SBI = {"56101", "56101", "56101", "56102", "5630", "5630", "5621", "5629", "5510"};

    /** The flows of the volume table, in the order of the daily loop. */
    enum Flow { REGISTRATIONS, MUTATIONS, DEREGISTRATIONS, TRANSFERS, APPLICATIONS, SCREENINGS, INITIAL }

    /** Background officer changes per business are at least this many days apart, counting the last two. */
    static final int OFFICER_CHANGE_SPACING_DAYS = 400;
    /** Background resales of one object are at least this many days apart. */
    static final int RESALE_SPACING_DAYS = 400;
    /** Establishments ever arriving at one background BAG object (registration or move), at most. */
    static final int ARRIVALS_PER_OBJECT = 4;

    private static final byte EXCLUSIVE = Byte.MAX_VALUE;
    private static final int NEVER = -1_000_000;
    private static final long DAY_SECONDS = 86_400L;

    private final GeneratorOptions options;
    private final Profile profile;
    private final Identifiers ids;
    private final EventFactory events;
    private final TimeOrderedEmitter emitter;
    private final SplittableRandom random;
    private final LocalDate start;
    private final int days;

    // businesses
    private int businesses;
    private int initialPopulation;
    private int[] bag = new int[1024];
    private int[] owner = new int[1024];
    private int[] secondOfficer = new int[1024];
    private int[] secondAppointedDay = new int[1024];
    private int[] lastOfficerDay = new int[1024];
    private int[] previousOfficerDay = new int[1024];
    private int[] registeredDay = new int[1024];
    private byte[] legalForm = new byte[1024];
    private boolean[] permitPool = new boolean[1024];
    private boolean[] boughtProperty = new boolean[1024];
    private byte[] appliedKinds = new byte[1024];
    private int[] activePosition = new int[1024];
    private int[] active = new int[1024];
    private int activeCount;
    private final List<Integer> registeredToday = new ArrayList<>();

    // persons: number of entities each person was ever an officer of
    private int persons;
    private byte[] personEntities = new byte[1024];

    // BAG objects
    private final int objects;
    private final byte[] arrivals;
    private final int[] lastSaleDay;
    private final int[] lastOwner;
    /** The tax year of the last WOZ value written per object; 0 before the first (and before its BAG object). */
    private final int[] wozYear;
    /** Mortgage timing only, apart from {@link #random} so that the rest of the background is as before. */
    private final SplittableRandom mortgageRandom;

    private long questionnaires;
    private final long[] plantedFlows;

    Background(
            final GeneratorOptions options,
            final Identifiers ids,
            final EventFactory events,
            final TimeOrderedEmitter emitter,
            final long[] plantedFlows) {
        this.plantedFlows = plantedFlows.clone();
        this.options = options;
        this.profile = options.profile();
        this.ids = ids;
        this.events = events;
        this.emitter = emitter;
        this.random = new SplittableRandom(options.seed() * 0x9E3779B97F4A7C15L + 0x42L);
        this.start = options.start();
        this.days = (int) ChronoUnit.DAYS.between(start, options.end());
        this.objects = profile.bagObjects;
        this.arrivals = new byte[objects];
        this.lastSaleDay = new int[objects];
        this.lastOwner = new int[objects];
        this.wozYear = new int[objects];
        this.mortgageRandom = new SplittableRandom(options.seed() * 0x632BE59BD9B4E019L + 0x4DL);
        Arrays.fill(lastSaleDay, NEVER);
        Arrays.fill(lastOwner, -1);
    }

    void run() throws IOException {
        snapshot();
        emitter.flushBefore(instant(start, 1));
        final double years = options.years();
        final double[] perYear = {
            profile.registrationsPerYear,
            profile.mutationsPerYear,
            profile.deregistrationsPerYear,
            profile.transfersPerYear,
            profile.permitApplicationsPerYear,
            profile.bibobQuestionnairesPerYear
        };
        final double[] totals = new double[perYear.length];
        for (int flow = 0; flow < totals.length; flow++) {
            totals[flow] = Math.max(0, perYear[flow] * years - plantedFlows[flow]);
        }
        // about 80% of background applications (all but terrace permits) bring a questionnaire; the rest are
        // screenings outside permits
        totals[Flow.SCREENINGS.ordinal()] =
                Math.max(0, totals[Flow.SCREENINGS.ordinal()] - 0.8 * totals[Flow.APPLICATIONS.ordinal()]);
        final double[] rates = new double[perYear.length];
        for (int flow = 0; flow < rates.length; flow++) {
            rates[flow] = totals[flow] / days;
        }
        final double[] owed = new double[rates.length];
        for (int day = 0; day < days; day++) {
            final LocalDate date = start.plusDays(day);
            final double weight = weekdayWeight(date.getDayOfWeek());
            final int[] counts = new int[rates.length];
            for (int i = 0; i < rates.length; i++) {
                owed[i] += rates[i] * weight;
                counts[i] = (int) Math.floor(owed[i]);
                owed[i] -= counts[i];
            }
            for (int i = 0; i < counts[0]; i++) {
                register(day, date);
            }
            for (int i = 0; i < counts[1]; i++) {
                mutate(day, date);
            }
            for (int i = 0; i < counts[2]; i++) {
                deregister(day, date);
            }
            for (int i = 0; i < counts[3]; i++) {
                transfer(day, date);
            }
            for (int i = 0; i < counts[4]; i++) {
                permitApplication(date);
            }
            for (int i = 0; i < counts[5]; i++) {
                standaloneScreening(date);
            }
            for (final int b : registeredToday) {
                activate(b);
            }
            registeredToday.clear();
            emitter.flushBefore(instant(date.plusDays(1), 0));
        }
    }

    /** Busier on weekdays; the weights average to 1 over a week. */
    private static double weekdayWeight(final DayOfWeek day) {
        return switch (day) {
            case SATURDAY -> 0.7;
            case SUNDAY -> 0.3;
            default -> 1.2;
        };
    }

    // ---------------------------------------------------------------- businesses

    private void snapshot() {
        final Instant at = instant(start, 0);
        final long initial = Math.max(0, profile.initialEstablishments - plantedFlows[Flow.INITIAL.ordinal()]);
        for (int i = 0; i < initial; i++) {
            final boolean pool = i < profile.horecaPremises;
            final LegalForm form = pool ? pick(LegalForm.BV, LegalForm.VOF, LegalForm.EENMANSZAAK) : randomLegalForm();
            final int object = pool ? exclusiveObject() : arrivingObject();
            final int b = newBusiness(form, object, newOwner(), -1, pool);
            // at least 14 months old at the start, so no background business is "new" for I4 or I11
            final LocalDate startDate = start.minusMonths(14).minusDays((long) Math.min(14_000, -Math.log(1 - random.nextDouble()) * 2500));
            emitRegistered(at, b, pool ? randomOf(HORECA_SBI) : randomSbi(), registerDate(startDate));
            activate(b);
        }
        initialPopulation = businesses;
    }

    private void register(final int day, final LocalDate date) {
        final LegalForm form = randomLegalForm();
        final int b = newBusiness(form, arrivingObject(), newOwner(), day, false);
        final LocalDate startDate = date.minusDays(random.nextInt(9));
        emitRegistered(timeOn(date), b, randomSbi(), registerDate(startDate));
        registeredToday.add(b);
    }

    private void emitRegistered(final Instant at, final int b, final String sbi, final String startDate) {
        emitter.schedule(
                events.business(
                        at, BusinessEventType.REGISTERED, kvk(b), establishment(b), LegalForm.values()[legalForm[b]],
                        List.of(sbi), startDate, ids.backgroundBag(bag[b]),
                        new Officer(ids.backgroundPerson(owner[b]), null, initialRole(LegalForm.values()[legalForm[b]])),
                        null, null));
    }

    /** KvK dates are YYYYMMDD; a few only know the month ({@code 20150600}). */
    private String registerDate(final LocalDate date) {
        final String full = date.toString().replace("-", "");
        return random.nextDouble() < 0.04 ? full.substring(0, 6) + "00" : full;
    }

    private void mutate(final int day, final LocalDate date) {
        final double u = random.nextDouble();
        final BusinessEventType type =
                u < 0.28 ? BusinessEventType.ADDRESS_CHANGED
                        : u < 0.55 ? BusinessEventType.ACTIVITY_CHANGED
                        : u < 0.73 ? BusinessEventType.OFFICER_APPOINTED
                        : u < 0.87 ? BusinessEventType.OFFICER_RESIGNED
                        : u < 0.95 ? BusinessEventType.LEGAL_FORM_CHANGED
                        : BusinessEventType.TRANSFERRED;
        final Instant at = timeOn(date);
        for (int attempt = 0; attempt < 8; attempt++) {
            if (tryMutation(type, randomActive(), day, at)) {
                return;
            }
        }
        tryMutation(BusinessEventType.ACTIVITY_CHANGED, randomActive(), day, at);
    }

    private boolean tryMutation(final BusinessEventType type, final int b, final int day, final Instant at) {
        final LegalForm form = LegalForm.values()[legalForm[b]];
        if (type == BusinessEventType.ACTIVITY_CHANGED) {
            final String main = permitPool[b] ? randomOf(HORECA_SBI) : randomSbi();
            final List<String> codes = random.nextDouble() < 0.3 ? List.of(main, randomOf(ORDINARY_SBI)) : List.of(main);
            emitter.schedule(
                    events.business(at, type, kvk(b), establishment(b), null, codes, null, null, null, null, null));
            return true;
        }
        if (permitPool[b]) {
            // permit applicants keep a quiet register history: no I7 churn, no I11 reshuffle
            return false;
        }
        switch (type) {
            case ADDRESS_CHANGED -> {
                bag[b] = arrivingObject();
                emitter.schedule(
                        events.business(
                                at, type, kvk(b), establishment(b), null, null, null, ids.backgroundBag(bag[b]), null, null, null));
                return true;
            }
            case OFFICER_APPOINTED -> {
                if (secondOfficer[b] >= 0 || !officerChangeAllowed(b, day)) {
                    return false;
                }
                secondOfficer[b] = newPerson();
                secondAppointedDay[b] = day;
                recordOfficerChange(b, day);
                emitter.schedule(
                        events.business(
                                at, type, kvk(b), null, null, null, null, null,
                                new Officer(ids.backgroundPerson(secondOfficer[b]), null, secondRole(form)), null, null));
                return true;
            }
            case OFFICER_RESIGNED -> {
                if (secondOfficer[b] < 0 || secondAppointedDay[b] >= day || !officerChangeAllowed(b, day)) {
                    return false;
                }
                recordOfficerChange(b, day);
                emitter.schedule(
                        events.business(
                                at, type, kvk(b), null, null, null, null, null,
                                new Officer(ids.backgroundPerson(secondOfficer[b]), null, secondRole(form)), null, null));
                secondOfficer[b] = -1;
                return true;
            }
            case LEGAL_FORM_CHANGED -> {
                if (form != LegalForm.EENMANSZAAK && form != LegalForm.VOF) {
                    return false;
                }
                legalForm[b] = (byte) LegalForm.BV.ordinal();
                emitter.schedule(
                        events.business(at, type, kvk(b), null, LegalForm.BV, null, null, null, null, null, null));
                return true;
            }
            case TRANSFERRED -> {
                final int predecessor = random.nextInt(businesses);
                if (predecessor == b) {
                    return false;
                }
                emitter.schedule(
                        events.business(at, type, kvk(b), establishment(b), null, null, null, null, null, null, kvk(predecessor)));
                return true;
            }
            default -> throw new IllegalStateException("not a mutation: " + type);
        }
    }

    /** At most two officer changes per business within {@link #OFFICER_CHANGE_SPACING_DAYS}. */
    private boolean officerChangeAllowed(final int b, final int day) {
        return previousOfficerDay[b] <= day - OFFICER_CHANGE_SPACING_DAYS;
    }

    private void recordOfficerChange(final int b, final int day) {
        previousOfficerDay[b] = lastOfficerDay[b];
        lastOfficerDay[b] = day;
    }

    private void deregister(final int day, final LocalDate date) {
        for (int attempt = 0; attempt < 20; attempt++) {
            final int b = randomActive();
            // (not on the day of its registration or of an officer change: the times within a day are random, and
            // the register would never show a change after the end)
            if (permitPool[b] || registeredDay[b] >= day || lastOfficerDay[b] >= day) {
                continue;
            }
            final LegalForm form = LegalForm.values()[legalForm[b]];
            final boolean entity = form == LegalForm.BV || form == LegalForm.NV || form == LegalForm.STICHTING;
            final double u = random.nextDouble();
            final String reason = entity && u < 0.45 ? "BR" : u < 0.92 ? "OO" : "FS";
            deactivate(b);
            emitter.schedule(
                    events.business(
                            timeOn(date), BusinessEventType.DEREGISTERED, kvk(b), establishment(b), null, null, null, null, null,
                            reason, null));
            return;
        }
    }

    private int newBusiness(
            final LegalForm form, final int object, final int ownerPerson, final int day, final boolean pool) {
        final int b = businesses++;
        if (b == bag.length) {
            final int size = b * 2;
            bag = Arrays.copyOf(bag, size);
            owner = Arrays.copyOf(owner, size);
            secondOfficer = Arrays.copyOf(secondOfficer, size);
            secondAppointedDay = Arrays.copyOf(secondAppointedDay, size);
            lastOfficerDay = Arrays.copyOf(lastOfficerDay, size);
            previousOfficerDay = Arrays.copyOf(previousOfficerDay, size);
            registeredDay = Arrays.copyOf(registeredDay, size);
            legalForm = Arrays.copyOf(legalForm, size);
            permitPool = Arrays.copyOf(permitPool, size);
            boughtProperty = Arrays.copyOf(boughtProperty, size);
            appliedKinds = Arrays.copyOf(appliedKinds, size);
            activePosition = Arrays.copyOf(activePosition, size);
            active = Arrays.copyOf(active, size);
        }
        bag[b] = object;
        owner[b] = ownerPerson;
        secondOfficer[b] = -1;
        lastOfficerDay[b] = NEVER;
        previousOfficerDay[b] = NEVER;
        registeredDay[b] = day;
        legalForm[b] = (byte) form.ordinal();
        permitPool[b] = pool;
        activePosition[b] = -1;
        return b;
    }

    private void activate(final int b) {
        active[activeCount] = b;
        activePosition[b] = activeCount++;
    }

    private void deactivate(final int b) {
        final int position = activePosition[b];
        final int last = active[--activeCount];
        active[position] = last;
        activePosition[last] = position;
        activePosition[b] = -1;
    }

    private int randomActive() {
        return active[random.nextInt(activeCount)];
    }

    private String kvk(final int b) {
        return Identifiers.kvk(Identifiers.BACKGROUND_KVK, b);
    }

    private String establishment(final int b) {
        return Identifiers.establishment(Identifiers.BACKGROUND_ESTABLISHMENT, b);
    }

    private LegalForm randomLegalForm() {
        final double u = random.nextDouble();
        return u < 0.56 ? LegalForm.EENMANSZAAK
                : u < 0.85 ? LegalForm.BV
                : u < 0.95 ? LegalForm.VOF
                : u < 0.98 ? LegalForm.STICHTING
                : u < 0.99 ? LegalForm.MAATSCHAP
                : LegalForm.VERENIGING;
    }

    private String randomSbi() {
        final double u = random.nextDouble();
        return u < 0.80 ? randomOf(ORDINARY_SBI) : u < 0.92 ? randomOf(RISK_SBI) : randomOf(HORECA_SBI);
    }

    private static OfficerRole initialRole(final LegalForm form) {
        return switch (form) {
            case EENMANSZAAK -> OfficerRole.OWNER;
            case VOF, CV, MAATSCHAP -> OfficerRole.PARTNER;
            default -> OfficerRole.DIRECTOR;
        };
    }

    private static OfficerRole secondRole(final LegalForm form) {
        return switch (form) {
            case EENMANSZAAK -> OfficerRole.PROXY_HOLDER;
            case VOF, CV, MAATSCHAP -> OfficerRole.PARTNER;
            default -> OfficerRole.DIRECTOR;
        };
    }

    // ---------------------------------------------------------------- persons

    private int newPerson() {
        final int p = persons++;
        if (p == personEntities.length) {
            personEntities = Arrays.copyOf(personEntities, p * 2);
        }
        personEntities[p] = 1;
        return p;
    }

    /** Mostly a new person; sometimes the owner of another business, never for more than two entities in all. */
    private int newOwner() {
        if (activeCount > 0 && random.nextDouble() < 0.08) {
            final int candidate = owner[randomActive()];
            if (personEntities[candidate] == 1) {
                personEntities[candidate] = 2;
                return candidate;
            }
        }
        return newPerson();
    }

    // ---------------------------------------------------------------- BAG objects and transfers

    private int arrivingObject() {
        while (true) {
            final int object = random.nextInt(objects);
            if (arrivals[object] < ARRIVALS_PER_OBJECT) {
                arrivals[object]++;
                return object;
            }
        }
    }

    private int exclusiveObject() {
        while (true) {
            final int object = random.nextInt(objects);
            if (arrivals[object] == 0) {
                arrivals[object] = EXCLUSIVE;
                return object;
            }
        }
    }

    /** The object's WOZ value: fixed per object, log-normal around the median price / 1.05. */
    long wozValue(final int object) {
        final SplittableRandom objectRandom = new SplittableRandom(options.seed() ^ (0x5DEECE66DL * (object + 1L)));
        final double value = profile.medianPrice / 1.05 * Math.exp(0.35 * objectRandom.nextGaussian());
        return Math.round(Math.min(2_500_000, Math.max(120_000, value)) / 1000.0) * 1000;
    }

    private void transfer(final int day, final LocalDate date) {
        int object = random.nextInt(objects);
        for (int attempt = 0; attempt < 20 && lastSaleDay[object] > day - RESALE_SPACING_DAYS; attempt++) {
            object = random.nextInt(objects);
        }
        if (lastSaleDay[object] > day - RESALE_SPACING_DAYS) {
            return;
        }
        final long woz = wozValue(object);
        final double ratio = Math.min(1.30, Math.max(0.85, 1.05 + 0.08 * random.nextGaussian()));
        final long price = Math.round(woz * ratio / 500.0) * 500;
        final int businessBuyer = random.nextDouble() < 0.07 ? establishedBusinessBuyer() : -1;
        final Party buyer;
        final boolean mortgage;
        final int newOwner;
        if (businessBuyer >= 0) {
            boughtProperty[businessBuyer] = true;
            buyer = EventFactory.business(kvk(businessBuyer));
            mortgage = true;
            newOwner = -2 - businessBuyer;
        } else {
            newOwner = newPerson();
            buyer = EventFactory.person(ids.backgroundPerson(newOwner));
            mortgage = !(price < 0.8 * profile.medianPrice && random.nextDouble() < 0.25);
        }
        final int previous = lastOwner[object];
        final Party seller =
                previous >= 0 ? EventFactory.person(ids.backgroundPerson(previous))
                        : previous <= -2 ? EventFactory.business(kvk(-2 - previous))
                        : EventFactory.person(ids.backgroundPerson(newPerson()));
        final Instant at = timeOn(date);
        final boolean severalObjects = random.nextDouble() < 0.015;
        final String bagVboId = ids.backgroundBag(object);
        describe(object, bagVboId, date, woz);
        emitter.schedule(events.transfer(at, bagVboId, date, price, severalObjects, buyer, seller));
        if (mortgage) {
            // the mortgage deed mostly follows the transfer by days to weeks, now and then it is registered just before
            final Instant mortgageAt = mortgageRandom.nextDouble() < 0.05 ? instant(date, 3600)
                    : at.plus(Duration.ofDays(1 + mortgageRandom.nextInt(25))).plus(Duration.ofMinutes(mortgageRandom.nextInt(240)));
            emitter.schedule(events.mortgage(mortgageAt, bagVboId, Math.round(price * 0.8 / 1000.0) * 1000, null));
        }
        lastSaleDay[object] = day;
        lastOwner[object] = newOwner;
    }

    /**
     * The BAG description of an object (once) and its WOZ value in force on {@code date} (once per tax year), at
     * 00:30 on the day of the transfer that first needs them (the day before was written whole, and so was the
     * population at the first second of the period). The real feeds describe every object and value it every
     * year; the generator writes only what a transfer reads, so the national profile stays small.
     */
    private void describe(final int object, final String bagVboId, final LocalDate date, final long woz) {
        final Instant startOfDay = instant(date, 1800);
        if (wozYear[object] == 0) {
            final int inBuilding = 1 + object % 6;
            emitter.schedule(events.bagObject(startOfDay, bagVboId, List.of(BagPurpose.WOONFUNCTIE),
                    EventFactory.building(bagVboId, inBuilding), inBuilding));
        }
        if (wozYear[object] != date.getYear()) {
            wozYear[object] = date.getYear();
            emitter.schedule(events.woz(startOfDay, bagVboId, LocalDate.of(date.getYear() - 1, 1, 1), woz, false));
        }
    }

    /** A legal entity from the initial population (so well over 12 months old) that has not bought before. */
    private int establishedBusinessBuyer() {
        for (int attempt = 0; attempt < 10; attempt++) {
            final int b = random.nextInt(initialPopulation);
            if (legalForm[b] == LegalForm.BV.ordinal() && !boughtProperty[b] && activePosition[b] >= 0) {
                return b;
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------- permits and Bibob

    private void permitApplication(final LocalDate date) {
        int b = -1;
        for (int attempt = 0; attempt < 50 && b < 0; attempt++) {
            final int candidate = random.nextInt(Math.min(profile.horecaPremises, initialPopulation));
            if (Integer.bitCount(appliedKinds[candidate]) < 2) {
                b = candidate;
            }
        }
        if (b < 0) {
            return;
        }
        PermitKind kind;
        do {
            final double u = random.nextDouble();
            kind = u < 0.45 ? PermitKind.EXPLOITATIE : u < 0.80 ? PermitKind.ALCOHOL : PermitKind.TERRAS;
        } while ((appliedKinds[b] & (1 << kind.ordinal())) != 0);
        appliedKinds[b] |= (byte) (1 << kind.ordinal());

        final List<String> managers = new ArrayList<>();
        if (kind != PermitKind.TERRAS) {
            final int count = 1 + random.nextInt(2);
            for (int i = 0; i < count; i++) {
                managers.add(ids.backgroundPerson(newPerson()));
            }
        }
        final Instant submitted = timeOn(date);
        final String applicationId = events.nextApplicationId(date);
        final PermitApplication application =
                new PermitApplication(applicationId, kind, kvk(b), establishment(b), ids.backgroundBag(bag[b]), managers);
        application.emit(submitted, PermitEventType.SUBMITTED, null);
        final Instant completed = later(submitted, 3, 20);
        application.emit(completed, PermitEventType.COMPLETED, null);

        Instant decided;
        DangerLevel danger = DangerLevel.NO_DANGER;
        if (kind != PermitKind.TERRAS) {
            final Instant formReceived = later(completed, 2, 15);
            application.emit(formReceived, PermitEventType.BIBOB_FORM_RECEIVED, null);
            final Screening screening = screening(formReceived.plus(Duration.ofHours(2)), applicationId, kvk(b));
            decided = screening.decidedAt.plus(Duration.ofDays(random.nextInt(3))).plus(Duration.ofHours(1));
            danger = screening.conclusion;
        } else {
            decided = later(completed, 25, 50);
        }
        final PermitOutcome outcome =
                danger == DangerLevel.LESSER_DANGER ? PermitOutcome.GRANTED_WITH_CONDITIONS
                        : random.nextDouble() < 0.97 ? PermitOutcome.GRANTED
                        : PermitOutcome.REFUSED;
        application.emit(decided, PermitEventType.DECIDED, outcome);
        if (outcome != PermitOutcome.REFUSED && kind != PermitKind.TERRAS && random.nextDouble() < 0.12) {
            application.managers = List.of(ids.backgroundPerson(newPerson()));
            application.emit(later(decided, 60, 300), PermitEventType.MANAGER_CHANGED, null);
        }
    }

    /** A Bibob screening outside a hospitality permit (e.g. a property or subsidy decision). */
    private void standaloneScreening(final LocalDate date) {
        int b = randomActive();
        for (int attempt = 0; attempt < 20 && permitPool[b]; attempt++) {
            b = randomActive();
        }
        if (!permitPool[b]) {
            screening(timeOn(date), null, kvk(b));
        }
    }

    private record Screening(Instant decidedAt, DangerLevel conclusion) {}

    /** Background conclusions are never SERIOUS_DANGER, so I12 cannot fire on the background. */
    private Screening screening(final Instant received, final String applicationId, final String subjectKvk) {
        final String caseId = events.nextBibobCaseId(received.atZone(ZoneOffset.UTC).toLocalDate());
        final long every = Math.max(1, Math.round((double) profile.bibobQuestionnairesPerYear / profile.lbbRequestsPerYear));
        final boolean lbb = questionnaires++ % every == every / 2;
        emitter.schedule(
                events.bibob(received, caseId, applicationId, subjectKvk, null, BibobCaseEventType.QUESTIONNAIRE_RECEIVED, null));
        final Instant investigation = later(received, 1, 10);
        emitter.schedule(
                events.bibob(
                        investigation, caseId, applicationId, subjectKvk, null, BibobCaseEventType.OWN_INVESTIGATION_STARTED, null));
        final DangerLevel conclusion = random.nextDouble() < 0.85 ? DangerLevel.NO_DANGER : DangerLevel.LESSER_DANGER;
        final Instant decided;
        if (lbb) {
            final Instant requested = later(investigation, 14, 30);
            emitter.schedule(
                    events.bibob(requested, caseId, applicationId, subjectKvk, null, BibobCaseEventType.LBB_ADVICE_REQUESTED, null));
            final Instant advised = later(requested, 56, 84);
            emitter.schedule(
                    events.bibob(
                            advised, caseId, applicationId, subjectKvk, null, BibobCaseEventType.LBB_ADVICE_RECEIVED, conclusion));
            decided = later(advised, 3, 10);
        } else {
            decided = later(investigation, 20, 40);
        }
        emitter.schedule(
                events.bibob(decided, caseId, applicationId, subjectKvk, null, BibobCaseEventType.DECIDED, conclusion));
        return new Screening(decided, conclusion);
    }

    private final class PermitApplication {
        private final String applicationId;
        private final PermitKind kind;
        private final String applicant;
        private final String establishmentNumber;
        private final String bagVboId;
        private List<String> managers;

        PermitApplication(
                final String applicationId,
                final PermitKind kind,
                final String applicant,
                final String establishmentNumber,
                final String bagVboId,
                final List<String> managers) {
            this.applicationId = applicationId;
            this.kind = kind;
            this.applicant = applicant;
            this.establishmentNumber = establishmentNumber;
            this.bagVboId = bagVboId;
            this.managers = List.copyOf(managers);
        }

        void emit(final Instant at, final PermitEventType type, final PermitOutcome outcome) {
            emitter.schedule(
                    events.permit(at, applicationId, type, kind, applicant, establishmentNumber, bagVboId, managers, outcome));
        }
    }

    // ---------------------------------------------------------------- time and choice

    static Instant instant(final LocalDate date, final long secondOfDay) {
        return Instant.ofEpochSecond(date.toEpochDay() * DAY_SECONDS + secondOfDay);
    }

    /** A moment during office hours (07:00–17:00 UTC). */
    private Instant timeOn(final LocalDate date) {
        return instant(date, 7 * 3600 + random.nextInt(10 * 3600));
    }

    private Instant later(final Instant from, final int minDays, final int maxDays) {
        return from.plus(Duration.ofDays(minDays + random.nextInt(maxDays - minDays + 1)))
                .plus(Duration.ofMinutes(random.nextInt(240)));
    }

    private String randomOf(final String[] values) {
        return values[random.nextInt(values.length)];
    }

    @SafeVarargs
    private <T> T pick(final T... values) {
        return values[random.nextInt(values.length)];
    }
}
