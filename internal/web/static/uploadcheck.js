// uploadcheck.js: a document's upload form refuses, before sending, a file
// over the document's limit (data-max-bytes) or of a format it does not take
// (data-formats: pdf, jpeg), with the server's words (data-msg-big,
// data-msg-type: {size} is filled here) beside the field. A JPEG document
// whose photo resize.js is still shrinking waits for it (resize.js). The
// server checks every upload all the same; without JavaScript it is the
// server that refuses.
(function () {
  "use strict";
  const types = {
    pdf: { mime: ["application/pdf"], ext: /\.pdf$/i },
    jpeg: { mime: ["image/jpeg", "image/pjpeg"], ext: /\.jpe?g$/i },
  };

  function size(n) {
    return Math.max(1, Math.ceil(n / 1024)) + " KB";
  }

  function errorFor(input) {
    return document.getElementById("check-" + input.id.replace(/^file-/, ""));
  }

  function show(input, text) {
    const out = errorFor(input);
    if (!out) {
      return;
    }
    out.textContent = text;
    out.hidden = text === "";
    const note = document.getElementById("size-" + input.id.replace(/^file-/, ""));
    if (note && text !== "") {
      note.textContent = ""; // resize.js's size note: this message says it all
    }
    if (text === "") {
      input.removeAttribute("aria-invalid");
    } else {
      input.setAttribute("aria-invalid", "true");
    }
  }

  function formatOK(input, file) {
    const formats = (input.dataset.formats || "").split(",").filter(Boolean);
    if (formats.length === 0) {
      return true;
    }
    return formats.some((f) => {
      const t = types[f];
      return !t || t.mime.includes(file.type) || (file.type === "" && t.ext.test(file.name));
    });
  }

  // problem is what is wrong with the chosen file ("" when nothing is).
  function problem(input) {
    const file = input.files && input.files[0];
    if (!file) {
      return "";
    }
    if (!formatOK(input, file)) {
      return input.dataset.msgType || "";
    }
    const max = parseInt(input.dataset.maxBytes, 10) || 0;
    if (max && file.size > max) {
      return (input.dataset.msgBig || "").replace("{size}", size(file.size));
    }
    return "";
  }

  // A photo for a JPEG document is shrunk and converted by resize.js: its
  // check waits for the submit.
  function resizing(input) {
    const file = input.files && input.files[0];
    return input.dataset.resize === "jpeg" && file && file.type.startsWith("image/") && file.type !== "image/jpeg";
  }

  document.addEventListener("change", (ev) => {
    const t = ev.target;
    if (t instanceof HTMLInputElement && t.type === "file" && t.dataset.formats !== undefined) {
      show(t, resizing(t) && !t.dataset.busy ? "" : problem(t));
    }
  });
  document.addEventListener("submit", (ev) => {
    const input = ev.target.querySelector && ev.target.querySelector("input[type=file][data-formats]");
    if (!input || input.dataset.busy) {
      return; // not a document form, or resize.js holds it
    }
    const text = problem(input);
    show(input, text);
    if (text !== "") {
      ev.preventDefault();
      input.focus();
    }
  });
})();
