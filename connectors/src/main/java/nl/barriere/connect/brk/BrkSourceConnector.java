package nl.barriere.connect.brk;

import nl.barriere.connect.OneTaskSourceConnector;

/**
 * Kadaster BRK as events: follows the BRK events feed (Haal Centraal BRK event sourcing) for the municipality's
 * cadastral objects, looks up each changed object in Haal Centraal BRK Bevragen, and emits a PropertyTransfer
 * (kadaster.property-transfers) when its owners changed and a MortgageRegistered (kadaster.mortgages) for every
 * mortgage right not seen on that object before. One task: the feed is one ordered log.
 */
public final class BrkSourceConnector extends OneTaskSourceConnector {

    public BrkSourceConnector() {
        super(BrkConfig.DEFINITION, BrkConfig::new, BrkSourceTask.class);
    }
}
