package nl.barriere.review;

import java.util.List;
import java.util.Optional;
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
}
