// Check-in with the device camera, where the browser can read QR codes (BarcodeDetector).
// Without it the page still works: a handheld scanner or a person types the code.
(function () {
  "use strict";
  const form = document.querySelector("[data-check-in]");
  if (!form || !("BarcodeDetector" in window) || !navigator.mediaDevices) return;
  const button = form.querySelector("[data-scan]");
  const video = form.querySelector("video");
  const input = form.querySelector("input[name=code]");
  button.hidden = false;
  button.addEventListener("click", async function () {
    const detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
    video.hidden = false;
    video.srcObject = stream;
    await video.play();
    const look = async function () {
      const codes = await detector.detect(video).catch(function () { return []; });
      if (codes.length) {
        stream.getTracks().forEach(function (t) { t.stop(); });
        input.value = codes[0].rawValue;
        form.submit();
        return;
      }
      window.requestAnimationFrame(look);
    };
    look();
  });
})();
