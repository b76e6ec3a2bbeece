// cat.js: the test page (the practice, simulasi CAT, and a selection exam). Choosing an option or
// flagging an item saves it at once (PUT /api/v1/attempts/{id}/answers/{no},
// the session cookie; same-origin requests pass the cross-origin check),
// with the page's attempt session in X-Attempt-Session: once the attempt is
// opened on another device or tab, saves are refused (409, field "session")
// and the page stops and says so.
// A choice that cannot be sent waits in the page and in localStorage and
// is sent when the connection returns (the online event, and every few
// seconds). The clock counts down from the seconds the server said were
// left, never from the device's time; at zero the page goes to the result,
// which the server finishes. Without JavaScript every item's form posts.
(function () {
  "use strict";
  const root = document.getElementById("cat");
  if (!root) {
    return;
  }
  const id = root.dataset.id;
  // The attempt's page: /simulasi/{id} for practice, /ujian/{id} for a selection.
  const base = root.dataset.base;
  const KEY = "asnpro-cat-" + id;
  const t = root.dataset;
  const deadline = performance.now() + Number(root.dataset.remaining) * 1000;
  let pending = {};
  try {
    pending = JSON.parse(localStorage.getItem(KEY) || "{}") || {};
  } catch (e) {
    pending = {};
  }
  let flushing = false;
  let over = false;

  const form = (no) => document.getElementById("soal-" + no);
  const forms = () => Array.from(document.querySelectorAll("form.cat-item"));

  function state(no) {
    const f = form(no);
    const c = f.querySelector("input[name=option]:checked");
    return { option: c ? c.value : null, flagged: f.querySelector("input[name=flagged]").checked };
  }

  function persist() {
    try {
      if (Object.keys(pending).length) {
        localStorage.setItem(KEY, JSON.stringify(pending));
      } else {
        localStorage.removeItem(KEY);
      }
    } catch (e) {
      // storage full or refused: the queue still lives in the page
    }
  }

  function paint(no) {
    const s = state(no);
    const saved = !(no in pending);
    const cell = document.getElementById("grid-" + no);
    cell.classList.toggle("answered", s.option !== null);
    cell.classList.toggle("empty", s.option === null);
    cell.classList.toggle("flagged", s.flagged);
    cell.classList.toggle("unsaved", !saved);
    cell.querySelector(".st").textContent = (s.option !== null ? t.tAnswered : t.tEmpty) + (s.flagged ? ", " + t.tFlagged : "");
    cell.querySelector(".sv").textContent = saved ? t.tSaved : t.tUnsaved;
    const st = document.getElementById("state-" + no);
    st.textContent = saved ? t.tSaved : t.tUnsaved;
    st.classList.toggle("unsaved", !saved);
  }

  function setConn(ok) {
    const c = document.getElementById("conn");
    c.textContent = ok ? "" : t.tOffline;
    c.className = ok ? "" : "error";
  }

  function toResult() {
    over = true;
    window.location.assign(base + "/hasil");
  }

  async function send(no, body) {
    const res = await fetch("/api/v1/attempts/" + id + "/answers/" + no, {
      method: "PUT",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-Attempt-Session": t.session },
      body: JSON.stringify(body),
    });
    if (res.status === 409) {
      try {
        const e = await res.json();
        if (e && e.error && e.error.fields && e.error.fields.session) {
          return "takeover";
        }
      } catch (e) {
        // not the envelope: the end of time
      }
    }
    return res.status;
  }

  // The attempt was opened on another device or tab: this page stops
  // saving and says so; its queued choices stay in localStorage.
  function takenOver() {
    over = true;
    const c = document.getElementById("conn");
    c.textContent = t.tTakeover;
    c.className = "error";
    root.classList.add("taken-over");
    document.querySelectorAll("#cat input, #cat button").forEach((el) => { el.disabled = true; });
  }

  async function flush() {
    if (flushing || over) {
      return;
    }
    flushing = true;
    try {
      let progress = true;
      while (progress && Object.keys(pending).length) {
        progress = false;
        for (const no of Object.keys(pending)) {
          const body = pending[no];
          let status;
          try {
            status = await send(no, body);
          } catch (e) {
            setConn(false);
            return;
          }
          if (status === "takeover") {
            takenOver();
            return;
          }
          if (status === 409) {
            toResult();
            return;
          }
          if (status < 200 || status >= 300) {
            setConn(false);
            return;
          }
          if (JSON.stringify(pending[no]) === JSON.stringify(body)) {
            delete pending[no];
            persist();
          }
          progress = true;
          setConn(true);
          paint(no);
        }
      }
    } finally {
      flushing = false;
    }
  }

  function changed(no) {
    pending[no] = state(no);
    persist();
    paint(no);
    flush();
  }

  // Choices kept on this device from before a reload are newer than the
  // page: show them and send them.
  for (const no of Object.keys(pending)) {
    const f = form(no);
    if (!f) {
      delete pending[no];
      continue;
    }
    const p = pending[no];
    f.querySelectorAll("input[name=option]").forEach((r) => { r.checked = r.value === p.option; });
    f.querySelector("input[name=flagged]").checked = !!p.flagged;
  }
  persist();
  forms().forEach((f) => {
    const no = f.dataset.no;
    f.addEventListener("change", () => changed(no));
    f.addEventListener("submit", (e) => {
      e.preventDefault();
      changed(no);
    });
    paint(no);
  });
  window.addEventListener("online", flush);
  window.setInterval(() => {
    if (Object.keys(pending).length) {
      flush();
    }
  }, 3000);
  flush();

  // The finish confirmation: the items still blank, and a warning while
  // answers wait to be sent.
  const finishForm = document.getElementById("finish-form");
  const confirmBox = document.getElementById("finish-confirm");
  finishForm.addEventListener("submit", (e) => {
    e.preventDefault();
    const list = document.getElementById("finish-blank");
    list.textContent = "";
    const blank = forms().filter((f) => state(f.dataset.no).option === null).map((f) => f.dataset.no);
    blank.forEach((no) => {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = "#soal-" + no;
      a.textContent = t.tItem + " " + no;
      li.appendChild(a);
      list.appendChild(li);
    });
    document.getElementById("finish-blank-lead").hidden = blank.length === 0;
    document.getElementById("finish-unsaved").hidden = Object.keys(pending).length === 0;
    finishForm.hidden = true;
    confirmBox.hidden = false;
    document.getElementById("finish-question").setAttribute("tabindex", "-1");
    document.getElementById("finish-question").focus();
  });
  document.getElementById("finish-no").addEventListener("click", (e) => {
    e.preventDefault();
    confirmBox.hidden = true;
    finishForm.hidden = false;
    document.getElementById("finish-button").focus();
  });
  document.getElementById("finish-confirm-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    await flush();
    over = true;
    e.target.submit();
  });

  // The clock.
  const timer = document.getElementById("timer");
  function tick() {
    const left = Math.max(0, Math.ceil((deadline - performance.now()) / 1000));
    const m = Math.floor(left / 60);
    const s = left % 60;
    timer.textContent = m + ":" + (s < 10 ? "0" : "") + s;
    if (left === 0 && !over) {
      document.getElementById("conn").textContent = t.tTimeup;
      over = true;
      window.setTimeout(() => window.location.assign(base + "/hasil"), 1500);
      return;
    }
    window.setTimeout(tick, 250);
  }
  tick();
})();
