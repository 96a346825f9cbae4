package nl.barriere.detect;

import java.util.List;

/** Every analyst-zone indicator, in rule-id order. I12 lives in the Bibob zone only. */
final class Indicators {

    static final List<Indicator> ALL = List.of(
            new I1AbcResale(),
            new I2PriceFarFromWoz(),
            new I3PurchaseWithoutMortgage(),
            new I4NewlyFormedBuyer(),
            new I5PortfolioBurst(),
            new I6AddressSaturation(),
            new I7OfficerChurn(),
            new I8StrawManOfficer(),
            new I9RiskSectorFront(),
            new I10OperatorCarousel(),
            new I11FreshApplicant());

    private Indicators() {}
}
