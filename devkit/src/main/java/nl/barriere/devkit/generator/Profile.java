package nl.barriere.devkit.generator;

import java.util.List;

/**
 * Size of the synthetic municipality. Volumes per simulated year follow {@code DOMAIN.md} §4.
 *
 * <p>NATIONAL scales the initial population down from 2.6M establishments to {@link #initialEstablishments}
 * so that generation stays fast; the yearly flows (registrations, mutations, closures, transfers, permits,
 * Bibob questionnaires) are at full national size.
 */
public enum Profile {
    LEIDEN(
            List.of("0546"),
            14_000, 2_100, 14_500, 1_100, 1_400, 60, 60, 2,
            70_000, 400, 400_000L, 1),
    NATIONAL(
            List.of("0363", "0599", "0518", "0344", "0772", "0546", "0014", "0855", "0758", "0268"),
            600_000, 290_000, 2_000_000, 153_000, 200_000, 6_000, 9_000, 200,
            4_000_000, 20_000, 430_000L, 10);

    /** CBS municipality codes the BAG ids are spread over. */
    final List<String> municipalityCodes;
    /** Establishments registered before the start, emitted as a snapshot at the start instant. */
    final int initialEstablishments;
    final int registrationsPerYear;
    /** KvK mutations other than registrations and deregistrations. */
    final int mutationsPerYear;
    final int deregistrationsPerYear;
    final int transfersPerYear;
    final int permitApplicationsPerYear;
    final int bibobQuestionnairesPerYear;
    final int lbbRequestsPerYear;
    /** Number of BAG verblijfsobjecten (dwellings and business units) in the background. */
    final int bagObjects;
    /** Hospitality businesses with their own premises that may apply for permits. */
    final int horecaPremises;
    /** Municipal median purchase price in euros, the I3 reference. */
    final long medianPrice;
    /** How many times the catalogue of planted cases is repeated per simulated year (at least once in all). */
    final int plantedRoundsPerYear;

    Profile(
            final List<String> municipalityCodes,
            final int initialEstablishments,
            final int registrationsPerYear,
            final int mutationsPerYear,
            final int deregistrationsPerYear,
            final int transfersPerYear,
            final int permitApplicationsPerYear,
            final int bibobQuestionnairesPerYear,
            final int lbbRequestsPerYear,
            final int bagObjects,
            final int horecaPremises,
            final long medianPrice,
            final int plantedRoundsPerYear) {
        this.municipalityCodes = municipalityCodes;
        this.initialEstablishments = initialEstablishments;
        this.registrationsPerYear = registrationsPerYear;
        this.mutationsPerYear = mutationsPerYear;
        this.deregistrationsPerYear = deregistrationsPerYear;
        this.transfersPerYear = transfersPerYear;
        this.permitApplicationsPerYear = permitApplicationsPerYear;
        this.bibobQuestionnairesPerYear = bibobQuestionnairesPerYear;
        this.lbbRequestsPerYear = lbbRequestsPerYear;
        this.bagObjects = bagObjects;
        this.horecaPremises = horecaPremises;
        this.medianPrice = medianPrice;
        this.plantedRoundsPerYear = plantedRoundsPerYear;
    }

    public int initialEstablishments() {
        return initialEstablishments;
    }

    public int registrationsPerYear() {
        return registrationsPerYear;
    }

    public int mutationsPerYear() {
        return mutationsPerYear;
    }

    public int deregistrationsPerYear() {
        return deregistrationsPerYear;
    }

    public int transfersPerYear() {
        return transfersPerYear;
    }

    public int permitApplicationsPerYear() {
        return permitApplicationsPerYear;
    }

    public int bibobQuestionnairesPerYear() {
        return bibobQuestionnairesPerYear;
    }

    public int lbbRequestsPerYear() {
        return lbbRequestsPerYear;
    }

    public long medianPrice() {
        return medianPrice;
    }
}
