package nl.barriere.connect.bag;

import nl.barriere.connect.OneTaskSourceConnector;

/**
 * The BAG description of every verblijfsobject Barrière hears of: reads the BAG ids named on
 * kadaster.property-transfers, horeca.permit-events and kvk.business-events (configurable), looks each object up in
 * the BAG API Individuele Bevragingen, and emits a BagObject (bag.objects) per version of it: its uses, floor area,
 * panden and how many objects share them (I6's multi-tenant business building), and its main address for display.
 * One task, which reads every partition of the input topics: a few dozen ids a day. BAG holds no person data.
 */
public final class BagLookupConnector extends OneTaskSourceConnector {

    public BagLookupConnector() {
        super(BagConfig.DEFINITION, BagConfig::new, BagLookupTask.class);
    }
}
