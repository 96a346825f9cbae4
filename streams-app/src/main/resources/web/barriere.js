// The decision form: shows how many characters the rationale has against what the chosen action needs, and lets
// the browser refuse a too-short one before it is sent. The server checks again; this only saves a round trip.
(function () {
    "use strict";
    var form = document.getElementById("decision-form");
    if (!form) {
        return;
    }
    var rationale = document.getElementById("rationale");
    var count = document.getElementById("rationale-count");
    var english = document.documentElement.lang === "en";

    function needed() {
        var chosen = form.querySelector("input[name=action]:checked");
        return chosen ? parseInt(chosen.getAttribute("data-min-rationale"), 10) : 1;
    }

    function update() {
        var length = rationale.value.trim().length;
        var minimum = needed();
        rationale.minLength = minimum;
        var label = count.getAttribute(english ? "data-label-en" : "data-label-nl");
        count.textContent = length + " / " + minimum + " " + label;
        count.classList.toggle("short", length < minimum);
        rationale.setCustomValidity(length < minimum
            ? (english ? "At least " + minimum + " characters, please." : "Minstens " + minimum + " tekens, graag.")
            : "");
    }

    rationale.addEventListener("input", update);
    form.querySelectorAll("input[name=action]").forEach(function (radio) {
        radio.addEventListener("change", update);
    });
    update();
}());
