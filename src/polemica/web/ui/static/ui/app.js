// polemica: small progressive enhancements; every page works without this file.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    var button = select.form && select.form.querySelector("button[type=submit]");
    if (button) { button.classList.add("js-hidden"); }
    select.addEventListener("change", function () { select.form.submit(); });
  });
});

// Live updates of a question page: one EventSource on the element marked data-live. Each
// event's id is the log's sequence number; the browser sends the last one back (Last-Event-ID)
// when it reconnects after the server ends a stream, and a stream opened anew (after an
// error closed the old one) starts after the last number seen, so no event is lost. A
// reconnection is routine, not an error: nothing is logged. Each event is re-dispatched on
// the body as `live-<kind>`, which the htmx fragments listen to.
document.addEventListener("DOMContentLoaded", function () {
  var live = document.querySelector("[data-live]");
  if (!live || !window.EventSource) { return; }
  var url = live.getAttribute("data-live");
  var last = live.getAttribute("data-live-seq") || "";
  var wait = 1000;
  function open() {
    var source = new EventSource(url + "?after=" + encodeURIComponent(last));
    ["hello", "contribution", "phase"].forEach(function (kind) {
      source.addEventListener(kind, function (event) {
        if (event.lastEventId) { last = event.lastEventId; }
        live.setAttribute("data-live-seq", last);
        if (kind !== "hello") { document.body.dispatchEvent(new Event("live-" + kind)); }
      });
    });
    source.addEventListener("open", function () { wait = 1000; });
    source.addEventListener("error", function () {
      if (source.readyState === EventSource.CLOSED) {
        window.setTimeout(open, wait);
        wait = Math.min(wait * 2, 60000);
      }
    });
  }
  open();
});

// The inclusion proof of an event, checked in the browser (WebCrypto SHA-256), as the ledger
// hashes (src/polemica/ledger/hashing.py, proofs.py; RFC 9162 §2.1.3.2): the leaf hash is
// SHA-256(0x00 ‖ leaf), a node SHA-256(0x01 ‖ left ‖ right); the path leads from the leaf to
// the root, which must equal the signed checkpoint's. The checkpoint's Ed25519 signature is
// checked too where the browser supports it.
document.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("proof");
  var form = document.getElementById("proof-check");
  if (!box || !form || !window.crypto || !window.crypto.subtle) { return; }
  var result = document.getElementById("proof-result");
  form.hidden = false;
  function msg(name) { return box.getAttribute("data-msg-" + name) || name; }
  function bytes(parts) {
    var n = 0, i, out, at = 0;
    for (i = 0; i < parts.length; i++) { n += parts[i].length; }
    out = new Uint8Array(n);
    for (i = 0; i < parts.length; i++) { out.set(parts[i], at); at += parts[i].length; }
    return out;
  }
  function sha(data) {
    return crypto.subtle.digest("SHA-256", data).then(function (d) { return new Uint8Array(d); });
  }
  function hex(text) {
    if (!/^[0-9a-f]{64}$/.test(text)) { return null; }
    var out = new Uint8Array(32);
    for (var i = 0; i < 32; i++) { out[i] = parseInt(text.substr(2 * i, 2), 16); }
    return out;
  }
  function b64(text) {
    try {
      var raw = atob(text), out = new Uint8Array(raw.length);
      for (var i = 0; i < raw.length; i++) { out[i] = raw.charCodeAt(i); }
      return out;
    } catch (e) { return null; }
  }
  function same(a, b) {
    if (!a || !b || a.length !== b.length) { return false; }
    for (var i = 0; i < a.length; i++) { if (a[i] !== b[i]) { return false; } }
    return true;
  }
  function toHex(a) {
    return Array.prototype.map.call(a, function (x) { return ("0" + x.toString(16)).slice(-2); }).join("");
  }
  // The root the path leads to from leaf `index` in a tree of `size` leaves, or null when the
  // path does not fit the tree. Halving by division keeps it exact beyond 32 bits.
  function root(index, size, leaf, path) {
    var fn = index, sn = size - 1, step = Promise.resolve(leaf), i;
    if (index < 0 || index >= size) { return Promise.resolve(null); }
    var moves = [];
    for (i = 0; i < path.length; i++) {
      if (sn === 0) { return Promise.resolve(null); }
      if (fn % 2 === 1 || fn === sn) {
        moves.push([path[i], true]);
        if (fn % 2 === 0) {
          while (fn > 0 && fn % 2 === 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
        }
      } else {
        moves.push([path[i], false]);
      }
      fn = Math.floor(fn / 2); sn = Math.floor(sn / 2);
    }
    if (sn !== 0) { return Promise.resolve(null); }
    moves.forEach(function (m) {
      step = step.then(function (r) {
        return sha(bytes([new Uint8Array([1]), m[1] ? m[0] : r, m[1] ? r : m[0]]));
      });
    });
    return step;
  }
  function signature(note) {
    // The note: the checkpoint body, an empty line, then "— <name> <base64(key hash ‖ sig)>".
    // The key: "<name>+<hex key hash>+<base64(0x01 ‖ public key)>"; base64 may hold "+".
    var verifier = /^([^+]+)\+([0-9a-f]{8})\+(.+)$/.exec(box.getAttribute("data-verifier") || "");
    verifier = verifier ? verifier.slice(1) : [];
    var cut = note.indexOf("\n\n");
    if (verifier.length !== 3 || cut < 0) { return Promise.resolve(false); }
    var body = new TextEncoder().encode(note.slice(0, cut + 1));
    var key = b64(verifier[2]), lines = note.slice(cut + 2).split("\n"), i, sigs = [];
    for (i = 0; i < lines.length; i++) {
      var m = /^\u2014 (\S+) (\S+)$/.exec(lines[i]);
      if (m && m[1] === verifier[0]) { sigs.push(b64(m[2])); }
    }
    if (!key || key.length !== 33 || key[0] !== 1 || !sigs.length || !sigs[0] || sigs[0].length !== 68) {
      return Promise.resolve(false);
    }
    if (toHex(sigs[0].slice(0, 4)) !== verifier[1]) { return Promise.resolve(false); }
    return crypto.subtle.importKey("raw", key.slice(1), { name: "Ed25519" }, false, ["verify"])
      .then(function (k) {
        return crypto.subtle.verify({ name: "Ed25519" }, k, sigs[0].slice(4), body);
      }, function () { return "unsupported"; });
  }
  function say(text, good) {
    result.textContent = text;
    result.className = good ? "success" : "error";
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    say(msg("working"), true);
    var leafText = document.getElementById("proof-leaf").value;
    var pathText = document.getElementById("proof-path").value.trim();
    var note = document.getElementById("proof-note").value.replace(/\r\n/g, "\n");
    var lines = note.split("\n");
    var index = parseInt(box.getAttribute("data-leaf-index"), 10);
    var size = parseInt(box.getAttribute("data-tree-size"), 10);
    var path = pathText ? pathText.split(/\s+/).map(hex) : [];
    var rootHash = b64(lines[2] || "");
    if (String(size) !== lines[1]) { say(msg("size"), false); return; }
    if (path.some(function (p) { return p === null; }) || !rootHash || rootHash.length !== 32) {
      say(msg("shape"), false); return;
    }
    sha(bytes([new Uint8Array([0]), new TextEncoder().encode(leafText)])).then(function (leaf) {
      if (toHex(leaf) !== box.getAttribute("data-leaf-hash")) { say(msg("leaf"), false); return null; }
      return root(index, size, leaf, path).then(function (r) {
        if (r === null) { say(msg("shape"), false); return null; }
        if (!same(r, rootHash)) { say(msg("root"), false); return null; }
        return signature(note).then(function (ok) {
          if (ok === "unsupported") { say(msg("ok") + " " + msg("sig-none"), true); }
          else if (ok) { say(msg("ok") + " " + msg("sig-ok"), true); }
          else { say(msg("sig"), false); }
        });
      });
    });
  });
});
