/* Progressive enhancement of the pages where learners write (reflections, action plans): a live
   length count beside each text, and drafts saved as they write. Without this file the pages work
   the same: the count is shown once the draft is saved, and "Save draft" saves it. */
(function () {
  "use strict";
  // The same rules as lms/courses/lengths.py: Chinese in characters, other scripts in words.
  var CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{2ffff}]/gu;
  var WORD = /[\p{L}\p{N}\p{M}]+(?:['\u2019\-][\p{L}\p{N}\p{M}]+)*/gu;

  function matches(text, pattern) { return (text.match(pattern) || []).length; }

  function unitOf(text, language) {
    var characters = matches(text, CJK), others = matches(text.replace(CJK, " "), WORD);
    if (characters || others) { return characters > others ? "characters" : "words"; }
    return language === "zh" ? "characters" : "words";
  }

  function countIn(text, unit) {
    if (unit === "characters") { return matches(text, CJK) + matches(text.replace(CJK, " "), WORD); }
    return matches(text, WORD);
  }

  document.querySelectorAll("[data-length-for]").forEach(function (hint) {
    var field = document.getElementById(hint.getAttribute("data-length-for"));
    if (!field) { return; }
    var language = document.documentElement.lang;
    function update() {
      var text = field.value;
      if (!text.trim()) { hint.textContent = ""; return; }
      var unit = unitOf(text, hint.getAttribute("data-lang"));
      var count = countIn(text, unit);
      hint.textContent = hint.getAttribute("data-" + unit).replace("{count}", count.toLocaleString(language));
      hint.classList.toggle("short", count < Number(hint.getAttribute("data-" + unit + "-needed")));
    }
    field.addEventListener("input", update);
  });

  document.querySelectorAll("form[data-autosave]").forEach(function (form) {
    var status = document.createElement("p");
    status.className = "hint autosave";
    status.setAttribute("aria-live", "polite");
    form.querySelector(".actions").after(status);
    var changed = false, saving = false;
    var every = 1000 * Number(form.getAttribute("data-autosave") || 30);

    function say(name, time) {
      status.textContent = form.getAttribute("data-" + name).replace("{time}", time || "");
    }

    function save() {
      if (!changed || saving) { return; }
      saving = true;
      changed = false;
      var data = new FormData(form);
      data.delete("attachments");  // files go with the buttons, not in the background
      data.set("action", "autosave");
      // (form.action would be the buttons named "action", not the address)
      fetch(form.getAttribute("action") || window.location.href, { method: "POST", body: data, credentials: "same-origin" })
        .then(function (response) {
          if (response.redirected && /\/login(\?|$)/.test(new URL(response.url).pathname + "?")) {
            say("signed-out");  // the server keeps what was sent until they sign in again
          } else if (response.status === 204) {
            say("saved", new Date().toLocaleTimeString(document.documentElement.lang,
                                                       { hour: "2-digit", minute: "2-digit" }));
          } else {
            changed = true;
            say("failed");
          }
        })
        .catch(function () { changed = true; say("failed"); })
        .finally(function () { saving = false; });
    }

    form.addEventListener("input", function () { changed = true; });
    form.addEventListener("change", save);  // a field left: save now
    window.setInterval(save, every);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") { save(); }
    });
  });
})();
