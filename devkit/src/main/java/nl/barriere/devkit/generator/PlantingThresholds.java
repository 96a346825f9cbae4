package nl.barriere.devkit.generator;

import java.math.BigDecimal;

/**
 * The indicator thresholds the planted cases are built around: positives on or past the threshold,
 * near-misses just short of it. Defaults are {@code DOMAIN.md} §5; a ruleset file can later supply its own.
 *
 * <p>Boundary semantics the planted cases assume (each near-miss stays at least one day or one euro-cent ratio
 * step away from the boundary; positives marked "boundary" sit exactly on an inclusive boundary):
 *
 * <ul>
 *   <li>Day windows are inclusive: two dates are "within N days" when {@code later - earlier <= N} days.
 *   <li>Month windows are calendar months ({@code LocalDate.plusMonths}). "Less than M months before" (I4,
 *       I11 fresh applicant) is strict: {@code startDate.plusMonths(M).isAfter(date)}. "Within M months"
 *       (I5, I7, I8, I9, I10, I11 reshuffle) is inclusive: {@code !earlier.plusMonths(M).isBefore(later)}.
 *   <li>Counts and ratios marked "≥" in {@code DOMAIN.md} are inclusive; I2's band is exclusive
 *       ({@code r < low || r > high} fires).
 * </ul>
 *
 * @param i1ResaleWindowDays I1: second transfer of the same object within this many days (inclusive), 183
 * @param i1MinPriceRatio I1: second price ≥ this × first price, 1.2
 * @param i2LowRatio I2: price / WOZ below this fires (strict), 0.7
 * @param i2HighRatio I2: price / WOZ above this fires (strict), 1.5
 * @param i3MortgageWindowDays I3: no mortgage within ± this many days, 30 (encoded in the transfer's boolean)
 * @param i4NewBuyerMonths I4: buyer's datumAanvang less than this many months before the deed (strict), 12
 * @param i5MinAcquisitions I5: at least this many acquisitions by one buyer (inclusive), 3
 * @param i5WindowMonths I5: within this many months (inclusive), 12
 * @param i6MinActive I6: at least this many active establishments on one BAG object, 10
 * @param i6MinNew I6: or at least this many new ones (registered or moved in) within the window, 5
 * @param i6NewWindowDays I6: window for new establishments (inclusive), 90
 * @param i7MinOfficerChanges I7: at least this many OFFICER_APPOINTED/OFFICER_RESIGNED events, 3
 * @param i7WindowMonths I7: within this many months (inclusive), 12
 * @param i7BoardReplacedDays I7: or every officer present before replaced within this many days before a permit
 *     application (inclusive), 90
 * @param i8MinActiveEntities I8: officer of at least this many active entities, 5
 * @param i8MinEndedEntities I8: or of at least this many entities ended with reason BR or OO, 3
 * @param i8EndedWindowMonths I8: ended within this many months (inclusive), 24
 * @param i9FreshTransferMonths I9: the object's most recent transfer at most this many months before (inclusive), 6
 * @param i10MinApplicants I10: at least this many distinct applicants for EXPLOITATIE/ALCOHOL on one object, 3
 * @param i10WindowMonths I10: within this many months (inclusive), 24
 * @param i11FreshApplicantMonths I11: applicant's datumAanvang less than this many months earlier (strict), 3
 * @param i11ReshuffleMonths I11: or a LEGAL_FORM_CHANGED/TRANSFERRED within this many months before (inclusive), 6
 */
public record PlantingThresholds(
        int i1ResaleWindowDays,
        BigDecimal i1MinPriceRatio,
        BigDecimal i2LowRatio,
        BigDecimal i2HighRatio,
        int i3MortgageWindowDays,
        int i4NewBuyerMonths,
        int i5MinAcquisitions,
        int i5WindowMonths,
        int i6MinActive,
        int i6MinNew,
        int i6NewWindowDays,
        int i7MinOfficerChanges,
        int i7WindowMonths,
        int i7BoardReplacedDays,
        int i8MinActiveEntities,
        int i8MinEndedEntities,
        int i8EndedWindowMonths,
        int i9FreshTransferMonths,
        int i10MinApplicants,
        int i10WindowMonths,
        int i11FreshApplicantMonths,
        int i11ReshuffleMonths) {

    /** The defaults of {@code DOMAIN.md} §5. */
    public static PlantingThresholds defaults() {
        return new PlantingThresholds(
                183, new BigDecimal("1.2"),
                new BigDecimal("0.7"), new BigDecimal("1.5"),
                30,
                12,
                3, 12,
                10, 5, 90,
                3, 12, 90,
                5, 3, 24,
                6,
                3, 24,
                3, 6);
    }
}
