// The product page's share control, improved where a script runs: the system share sheet
// where the browser has one, else the link copied to the clipboard. Without this script
// the control still opens and shows the link to copy.
(function () {
  "use strict";
  var share = document.getElementById("share");
  var button = document.getElementById("share-button");
  var input = document.getElementById("share-link");
  var status = document.getElementById("share-status");
  if (!share || !button || !input || !status) {
    return;
  }
  function say(text) {
    status.textContent = text;
  }
  function selectLink() {
    share.open = true;
    input.focus();
    input.select();
    say(share.dataset.copyYourself);
  }
  function copy() {
    if (!navigator.clipboard || !navigator.clipboard.writeText) {
      selectLink();
      return;
    }
    navigator.clipboard.writeText(input.value).then(function () {
      say(share.dataset.copied);
    }, selectLink);
  }
  button.addEventListener("click", function (event) {
    if (share.open) {
      return;
    }
    if (navigator.share) {
      event.preventDefault();
      navigator.share({ title: share.dataset.title, url: input.value }).catch(function (error) {
        // Dismissing the sheet is no failure; anything else falls back to the link.
        if (!error || error.name !== "AbortError") {
          copy();
        }
      });
      return;
    }
    copy();
  });
})();
