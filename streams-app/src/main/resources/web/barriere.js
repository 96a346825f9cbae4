// The decision form: shows how many characters the rationale has against what the chosen action needs, and lets
// the browser refuse a too-short one before it is sent. The server checks again; this only saves a round trip.
// It also keeps the rationale as a draft in this tab (sessionStorage, never sent anywhere), so a rationale written
// while the session ran out comes back in the form after the login, and it disables the button once the form is
// sent, so a double click sends one decision.
(function () {
    "use strict";
    var DRAFT = "barriere-draft:";

    function store() {
        try {
            return window.sessionStorage;
        } catch (e) {
            return null;
        }
    }

    // The page that says the session had ended shows the rationale back: keep it for the form.
    var kept = document.querySelector("textarea[data-draft-for]");
    if (kept && store()) {
        store().setItem(DRAFT + kept.getAttribute("data-draft-for"), kept.value);
    }
    // The page that says the decision is recorded: the draft is done.
    var done = document.querySelector("[data-draft-done]");
    if (done && store()) {
        store().removeItem(DRAFT + done.getAttribute("data-draft-done"));
    }

    var form = document.getElementById("decision-form");
    if (!form) {
        return;
    }
    var rationale = document.getElementById("rationale");
    var count = document.getElementById("rationale-count");
    var button = form.querySelector("button[type=submit]");
    var english = document.documentElement.lang === "en";
    var key = DRAFT + form.getAttribute("action");

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

    if (store()) {
        var draft = store().getItem(key);
        if (draft && rationale.value === "") {
            rationale.value = draft;
        }
    }
    rationale.addEventListener("input", function () {
        if (store()) {
            store().setItem(key, rationale.value);
        }
        update();
    });
    form.querySelectorAll("input[name=action]").forEach(function (radio) {
        radio.addEventListener("change", update);
    });
    // The browser fires "submit" only for a form that passed its checks; from then on one click is enough.
    form.addEventListener("submit", function () {
        if (button) {
            button.disabled = true;
            button.textContent = button.getAttribute("data-busy");
        }
    });
    // A page the browser shows again from memory (it should not: pages are no-store) gets its button back.
    window.addEventListener("pageshow", function (event) {
        if (event.persisted && button) {
            button.disabled = false;
        }
    });
    update();
}());
