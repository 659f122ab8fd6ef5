// Tells the page that embeds the search how tall it is, so that it can size the frame
// (docs/open-data.md). Runs only inside the frame; nothing runs on the embedding page.
(function () {
  function report() {
    var height = document.documentElement.scrollHeight;
    window.parent.postMessage({ type: "selbsthilfe-wegweiser:height", height: height }, "*");
  }
  window.addEventListener("load", report);
  window.addEventListener("resize", report);
  if (window.ResizeObserver) {
    new ResizeObserver(report).observe(document.body);
  }
})();
