// resize.js: before a photo is uploaded for a JPEG document, shrink it in
// the browser to fit the document's limit (data-max-bytes): at most 1200 px
// on the long side, JPEG quality stepping down until it fits, then smaller
// still if it must. The chosen file is replaced in the form (DataTransfer),
// so the ordinary form post sends the small one. Without JavaScript the form
// still works and the server explains a file that is too large.
(function () {
  "use strict";
  const MAX_SIDE = 1200;
  const en = document.documentElement.lang === "en";
  const msg = en ? {
    busy: "Shrinking the photo…",
    done: (a, b, w, h) => "Shrunk from " + a + " to " + b + " (" + w + "×" + h + " px).",
    fits: (a) => "Size " + a + ": fits.",
    fail: "This photo could not be shrunk in the browser; choose a smaller JPEG.",
    big: (a, m) => "The file is " + a + ", over the limit of " + m + ".",
  } : {
    busy: "Memperkecil foto…",
    done: (a, b, w, h) => "Diperkecil dari " + a + " menjadi " + b + " (" + w + "×" + h + " px).",
    fits: (a) => "Ukuran " + a + ": sesuai.",
    fail: "Foto ini tidak dapat diperkecil di peramban; pilih JPEG yang lebih kecil.",
    big: (a, m) => "Berkas " + a + ", melebihi batas " + m + ".",
  };

  function size(n) {
    if (n >= 1024 * 1024) {
      const t = (n / 1024 / 1024).toFixed(1);
      return (en ? t : t.replace(".", ",")) + " MB";
    }
    return Math.max(1, Math.round(n / 1024)) + " KB";
  }

  function viaImage(file) {
    return new Promise((resolve, reject) => {
      const url = URL.createObjectURL(file);
      const img = new Image();
      img.onload = () => { URL.revokeObjectURL(url); resolve(img); };
      img.onerror = () => { URL.revokeObjectURL(url); reject(new Error("decode")); };
      img.src = url;
    });
  }

  // decode reads the image upright (a phone's EXIF orientation applied).
  async function decode(file) {
    if (window.createImageBitmap) {
      try {
        return await createImageBitmap(file, { imageOrientation: "from-image" });
      } catch (e) { /* fall back to <img> */ }
    }
    return viaImage(file);
  }

  function toBlob(canvas, q) {
    return new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", q));
  }

  async function shrink(file, max) {
    const img = await decode(file);
    const w = img.width, h = img.height;
    let scale = Math.min(1, MAX_SIDE / Math.max(w, h));
    for (let round = 0; round < 8; round++) {
      const cw = Math.max(1, Math.round(w * scale)), ch = Math.max(1, Math.round(h * scale));
      const canvas = document.createElement("canvas");
      canvas.width = cw;
      canvas.height = ch;
      const ctx = canvas.getContext("2d");
      ctx.fillStyle = "#fff"; // a transparent PNG gets a white background
      ctx.fillRect(0, 0, cw, ch);
      ctx.imageSmoothingQuality = "high";
      ctx.drawImage(img, 0, 0, cw, ch);
      for (let q = 0.9; q >= 0.4; q -= 0.1) {
        const blob = await toBlob(canvas, q);
        if (blob && blob.size <= max) {
          return { blob, w: cw, h: ch };
        }
      }
      scale *= 0.8;
    }
    throw new Error("too large");
  }

  function outputFor(input) {
    return document.getElementById("size-" + input.id.replace(/^file-/, ""));
  }

  function say(input, state, text) {
    const out = outputFor(input);
    if (out) {
      out.textContent = text;
      out.dataset.state = state;
    }
  }

  async function changed(input) {
    const file = input.files && input.files[0];
    const max = parseInt(input.dataset.maxBytes, 10) || 0;
    if (!file || !max) {
      return;
    }
    const isImage = file.type.startsWith("image/") || /\.(heic|heif|jpe?g|png)$/i.test(file.name);
    if (input.dataset.resize !== "jpeg" || !isImage) {
      if (file.size > max) {
        say(input, "big", msg.big(size(file.size), size(max)));
      } else {
        say(input, "fits", msg.fits(size(file.size)));
      }
      return;
    }
    if (file.type === "image/jpeg" && file.size <= max) {
      say(input, "fits", msg.fits(size(file.size)));
      return;
    }
    const button = input.form && input.form.querySelector("button[type=submit]");
    input.dataset.busy = "1";
    if (button) button.disabled = true;
    say(input, "busy", msg.busy);
    try {
      const r = await shrink(file, max);
      const name = (file.name.replace(/\.[^.]*$/, "") || "foto") + ".jpg";
      const dt = new DataTransfer();
      dt.items.add(new File([r.blob], name, { type: "image/jpeg", lastModified: Date.now() }));
      input.files = dt.files;
      say(input, "done", msg.done(size(file.size), size(r.blob.size), r.w, r.h));
    } catch (e) {
      say(input, "failed", msg.fail);
    } finally {
      delete input.dataset.busy;
      if (button) button.disabled = false;
    }
  }

  document.addEventListener("change", (ev) => {
    const t = ev.target;
    if (t instanceof HTMLInputElement && t.type === "file" && t.dataset.maxBytes) {
      changed(t);
    }
  });
  document.addEventListener("submit", (ev) => {
    const busy = ev.target.querySelector && ev.target.querySelector("input[data-busy]");
    if (busy) {
      ev.preventDefault(); // still shrinking: the button comes back when done
    }
  });
})();
