// A job's page: ask how far the job is every second, move the progress bar, and show the
// download link (or the error and a retry button) when it ends. Without JavaScript, reload.
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box) return;
  var url = box.getAttribute("data-status-url");
  var bar = document.getElementById("job-progress");
  var state = document.getElementById("job-state");
  function show(job) {
    bar.max = job.total || 1;
    bar.value = job.status === "finished" ? bar.max : job.done;
    if (job.status === "queued") state.textContent = "Waiting for a worker…";
    else if (job.status === "running") state.textContent = "Working: " + job.done + " of " + job.total + " done.";
    else if (job.status === "finished") state.textContent = "Done" + (job.message ? " (" + job.message + ")" : "") + ".";
    else if (job.status === "expired") state.textContent = "Done, but the file has expired. Start it again.";
    else state.textContent = "Failed.";
    if (job.download) {
      var link = document.getElementById("job-download-link");
      link.href = job.download;
      link.textContent = "Download " + (job.result_name || "the result");
      document.getElementById("job-download").hidden = false;
    }
    if (job.status === "failed") {
      document.getElementById("job-error-text").textContent = job.error;
      document.getElementById("job-error").hidden = false;
    }
    return job.status === "queued" || job.status === "running";
  }
  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (job) { if (show(job)) setTimeout(poll, 1000); })
      .catch(function () { setTimeout(poll, 3000); });
  }
  var initial = box.getAttribute("data-status");
  if (initial === "queued" || initial === "running") poll();
})();
