// The quiz's remaining time, counted down each second from the server's figure. At zero the
// paper can no longer be handed in: the server would refuse it anyway (超时不计分).
(function () {
  "use strict";
  var timer = document.getElementById("quiz-timer");
  var button = document.getElementById("submit-quiz");
  if (!timer) return;
  var end = Date.now() + Number(timer.dataset.remaining) * 1000;
  function show() {
    var left = Math.max(0, Math.round((end - Date.now()) / 1000));
    var seconds = String(left % 60).padStart(2, "0");
    timer.textContent = Math.floor(left / 60) + "分" + seconds + "秒";
    if (left === 0) {
      timer.textContent = "已到答题时限，本次答卷不计分";
      if (button) button.disabled = true;
      return;
    }
    window.setTimeout(show, 1000);
  }
  show();
})();
