package nl.barriere.connect.woz;

import nl.barriere.connect.OneTaskSourceConnector;

/**
 * WOZ values for the transferred objects: reads the BAG verblijfsobject ids of kadaster.property-transfers (the
 * record keys), looks each one up in Haal Centraal WOZ Bevragen, and emits a WozValuation (woz.valuations) per WOZ
 * object, valuation date and BAG object it covers. One task, which reads every partition of the transfers topic:
 * there are a few transfers a day.
 */
public final class WozSourceConnector extends OneTaskSourceConnector {

    public WozSourceConnector() {
        super(WozConfig.DEFINITION, WozConfig::new, WozSourceTask.class);
    }
}
