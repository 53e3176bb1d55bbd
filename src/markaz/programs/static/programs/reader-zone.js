// Remember the browser's time zone so the server can show deadlines in it.
(function () {
  var zone;
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
  if (!zone || document.cookie.indexOf("markaz_tz=") !== -1) { return; }
  document.cookie = "markaz_tz=" + zone + ";path=/;max-age=31536000;samesite=lax";
  var shown = document.querySelector("[data-reader-zone]");
  if (shown && shown.getAttribute("data-reader-zone-source") === "center"
      && shown.getAttribute("data-reader-zone") !== zone) {
    window.location.reload();
  }
})();
