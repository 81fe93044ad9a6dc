// polemica: small progressive enhancements; every page works without this file.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    var button = select.form && select.form.querySelector("button[type=submit]");
    if (button) { button.classList.add("js-hidden"); }
    select.addEventListener("change", function () { select.form.submit(); });
  });
});
