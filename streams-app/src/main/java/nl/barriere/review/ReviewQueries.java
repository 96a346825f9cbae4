package nl.barriere.review;

import java.util.List;
import java.util.Optional;
import nl.barriere.schema.BibobCaseStep;
import nl.barriere.schema.FlaggedPermit;

/**
 * What the web layer may read from the review app's stores (interactive queries). The restricted parts
 * (flagged permits with their Bibob context) are for BIBOB officers only; the web layer enforces who asks.
 */
public interface ReviewQueries {

    /** Every signal with its review state, highest score first, then newest evidence first, then id. */
    List<ReviewCase> cases();

    Optional<ReviewCase> find(String signalId);

    /** Every flagged permit, newest confirmation first. RESTRICTED. */
    List<FlaggedPermit> flaggedPermits();

    /** The BIBOB officers' accepted steps on the application, oldest first. RESTRICTED. */
    List<BibobCaseStep> caseSteps(String applicationId);

    /**
     * Per indicator, how many escalations ended in a Bibob measure, in none, or are still open: counts only, no
     * case detail, so not restricted (it is what the analysts' dashboard may know).
     */
    default List<BibobOutcomes.IndicatorOutcomes> bibobOutcomes() {
        return BibobOutcomes.byIndicator(flaggedPermits(), this::caseSteps);
    }
}
