/* billwatch status card, script embed.
 *
 *   <div data-billwatch-bill="2015-HB-7017"></div>
 *   <script src="https://SITE/embed/2015-HB-7017.js" async></script>
 *
 * Options: ?theme=dark and ?compact=1 on the script URL, or data-theme="dark" and
 * data-compact="1" on the placeholder.  Without a placeholder the card goes just before the
 * script.  The card lives in a shadow root (the page's CSS cannot reach it, nor its CSS the page)
 * and is built from DOM nodes with textContent: no markup is ever parsed.
 *
 * /embed/ID.js serves this function expression followed by (DATA, document.currentScript).
 */
(function (data, script) {
  "use strict";
  var doc = document;

  function el(tag, className, text) {
    var node = doc.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  // A relative data.url (a site served without a public URL) belongs to the site that served
  // this script, not to the page embedding it: resolve it against the script's own address.
  var base = (script && script.src) || doc.baseURI;

  function httpUrl(value) {
    try {
      var url = new URL(String(value), base);
      return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  function link(className, text) {
    var href = httpUrl(data.url);
    var node = el(href ? "a" : "span", className, text);
    if (href) {
      node.href = href;
      node.target = "_blank";
      node.rel = "noopener";
    }
    return node;
  }

  var params = {};
  try {
    new URL(script.src).searchParams.forEach(function (value, key) {
      params[key] = value;
    });
  } catch (e) {
    /* no script URL (inlined): defaults */
  }

  function option(host, name) {
    var value = host.getAttribute("data-" + name);
    return value === null ? params[name] : value;
  }

  function card(theme, compact) {
    var classes = "bw-card bw-" + theme + " bw-tone-" + data.tone + (compact ? " bw-compact" : "");
    var root = el("article", classes);
    root.setAttribute("lang", "en");
    root.setAttribute("aria-label", "Status of " + data.number + " (" + data.session + " session)");

    var head = el("div", "bw-head");
    head.appendChild(link("bw-num", data.number));
    head.appendChild(el("span", "bw-session", data.session + " session"));
    if (data.sample) head.appendChild(el("span", "bw-sample", data.sample_label));
    root.appendChild(head);

    if (!compact && data.short_title) {
      var title = el("p", "bw-title", data.short_title);
      title.title = data.title;
      root.appendChild(title);
    }

    var status = el("p", "bw-status");
    var dot = el("span", "bw-dot");
    dot.setAttribute("aria-hidden", "true");
    status.appendChild(dot);
    status.appendChild(el("span", "bw-status-text", data.status));
    root.appendChild(status);

    if (!compact) {
      var meter = el("ol", "bw-meter");
      meter.setAttribute("aria-hidden", "true");
      for (var i = 0; i < data.steps.length; i++) meter.appendChild(el("li", "bw-" + data.steps[i]));
      root.appendChild(meter);
    }

    if (data.last_action_date) {
      var last = el("p", "bw-last", "Last action ");
      var time = el("time", null, data.last_action_label);
      time.setAttribute("datetime", data.last_action_date);
      last.appendChild(time);
      if (!compact && data.last_action) last.appendChild(doc.createTextNode(": " + data.last_action));
      root.appendChild(last);
    }

    var foot = el("p", "bw-foot");
    foot.appendChild(link("bw-more", compact ? "Details" : "Full history, texts and testimony"));
    var brand = "billwatch" + (data.updated_label ? " · updated " + data.updated_label : "");
    foot.appendChild(el("span", "bw-brand", brand));
    root.appendChild(foot);
    return root;
  }

  function render(host) {
    var theme = option(host, "theme") === "dark" ? "dark" : "light";
    var compact = ["1", "true", "yes"].indexOf(String(option(host, "compact"))) >= 0;
    host.setAttribute("data-billwatch-done", "");
    var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
    var style = el("style");
    style.textContent = data.css;
    root.appendChild(style);
    root.appendChild(card(theme, compact));
  }

  function placeholders() {
    var all = doc.querySelectorAll("[data-billwatch-bill]");
    var mine = [];
    for (var i = 0; i < all.length; i++) {
      if (all[i].getAttribute("data-billwatch-bill") === data.id) mine.push(all[i]);
    }
    return mine;
  }

  function run() {
    var mine = placeholders();
    if (!mine.length && script && script.parentNode) {
      var spot = el("div");
      spot.setAttribute("data-billwatch-bill", data.id);
      script.parentNode.insertBefore(spot, script);
      mine.push(spot);
    }
    for (var j = 0; j < mine.length; j++) {
      if (!mine[j].hasAttribute("data-billwatch-done") && !mine[j].shadowRoot) render(mine[j]);
    }
  }

  if (doc.readyState === "loading" && !placeholders().length) {
    doc.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
})
